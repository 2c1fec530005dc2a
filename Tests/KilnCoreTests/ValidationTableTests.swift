import KilnCore
import Testing

/// Every validation rule of `POST /jobs` and the error it gives. `nil` kind means accepted.
struct ValidationCase: CustomTestStringConvertible, Sendable {
    let body: String
    let kind: String?
    let mentions: String?

    init(_ body: String, _ kind: String?, mentions: String? = nil) {
        self.body = body
        self.kind = kind
        self.mentions = mentions
    }

    var testDescription: String { body }
}

private func job(_ kind: String, _ options: String) -> String {
    #"{"input":"https://example.com/in.mp4","kind":"\#(kind)","options":\#(options)}"#
}

let validationTable: [ValidationCase] = [
    // The body itself.
    .init("[]", "invalid_request", mentions: "JSON object"),
    .init("\"video\"", "invalid_request"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","extra":1}"#, "invalid_request", mentions: "extra"),
    // input
    .init(#"{"kind":"video"}"#, "input_required"),
    .init(#"{"input":null,"kind":"video"}"#, "input_required"),
    .init(#"{"input":"","kind":"video"}"#, "input_required"),
    .init(#"{"input":5,"kind":"video"}"#, "invalid_request", mentions: "input"),
    .init(#"{"input":"ftp://x.com/a.mp4","kind":"video"}"#, "invalid_input", mentions: "ftp"),
    .init(#"{"input":"file:///etc/passwd","kind":"video"}"#, "invalid_input"),
    .init(#"{"input":"not a url","kind":"video"}"#, "invalid_input"),
    .init(#"{"input":"https://","kind":"video"}"#, "invalid_input"),
    .init(#"{"input":"s3://bucket","kind":"video"}"#, "invalid_input", mentions: "s3://bucket/key"),
    .init(#"{"input":"s3://bucket/key.mp4","kind":"video"}"#, nil),
    .init(#"{"input":"http://x.com/a.mp4","kind":"video"}"#, nil),
    // Regression (#12): a NUL or another control character was accepted in the input URL.
    .init(#"{"input":"https://x.com/a\u0000.mp4","kind":"video"}"#, "invalid_input", mentions: "control"),
    .init(#"{"input":"https://x.com/a\u001b[31m.mp4","kind":"video"}"#, "invalid_input", mentions: "control"),
    .init(#"{"input":"https://x.com/a\u007f.mp4","kind":"video"}"#, "invalid_input", mentions: "control"),
    .init(#"{"input":"https://x.com/a\u0085.mp4","kind":"video"}"#, "invalid_input", mentions: "control"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://b/k\u0000.mp4"}"#, "invalid_request", mentions: "output"),
    // kind
    .init(#"{"input":"https://x.com/a.mp4"}"#, "kind_required"),
    .init(#"{"input":"https://x.com/a.mp4","kind":null}"#, "kind_required"),
    .init(#"{"input":"https://x.com/a.mp4","kind":3}"#, "invalid_request", mentions: "kind"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"gif"}"#, "invalid_kind", mentions: "adaptive_video"),
    // options container and names
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","options":"fast"}"#, "invalid_request", mentions: "options"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","options":null}"#, nil),
    .init(job("video", #"{"speed":1}"#), "invalid_option", mentions: "speed"),
    .init(job("audio", #"{"width":100}"#), "invalid_option", mentions: "width"),
    .init(job("audio", #"{"mute":true}"#), "invalid_option", mentions: "mute"),
    .init(job("image", #"{"end":3}"#), "invalid_option", mentions: "end"),
    .init(job("image", #"{"fps":3}"#), "invalid_option", mentions: "fps"),
    // thumbnail tracks: end and sprite come with interval; a track is jpeg, png or webp
    .init(job("image", #"{"sprite":true}"#), "invalid_option", mentions: "interval"),
    .init(job("image", #"{"sprite":false}"#), nil),
    .init(job("image", #"{"interval":0.05}"#), "invalid_option", mentions: "interval"),
    .init(job("image", #"{"interval":2,"format":"avif"}"#), "invalid_option", mentions: "avif"),
    .init(job("image", #"{"interval":2,"start":4,"end":3}"#), "invalid_option", mentions: "after start"),
    .init(job("image", #"{"interval":2,"start":1,"end":9,"sprite":true,"format":"webp"}"#), nil),
    .init(job("adaptive_video", #"{"codec":"h264"}"#), "invalid_option", mentions: "codec"),
    // formats
    .init(job("video", #"{"format":"avi"}"#), "invalid_format", mentions: "mp4, webm, mov"),
    .init(job("video", #"{"format":5}"#), "invalid_request", mentions: "format"),
    .init(job("audio", #"{"format":"m4a"}"#), "invalid_format"),
    .init(job("image", #"{"format":"bmp"}"#), "invalid_format"),
    .init(job("image", #"{"format":"jpg"}"#), nil),
    .init(job("animation", #"{"format":"mp4","end":2}"#), "invalid_format"),
    .init(job("adaptive_video", #"{"format":"dash"}"#), "invalid_format"),
    .init(job("video", #"{"format":"mov"}"#), nil),
    .init(job("audio", #"{"format":"opus"}"#), nil),
    .init(job("animation", #"{"format":"webp","end":2}"#), nil),
    .init(job("adaptive_video", #"{"format":"hls"}"#), nil),
    // codecs
    .init(job("video", #"{"format":"webm","codec":"h265"}"#), "invalid_codec", mentions: "webm"),
    .init(job("video", #"{"format":"webm","codec":"h264"}"#), "invalid_codec"),
    .init(job("video", #"{"format":"mov","codec":"vp9"}"#), "invalid_codec"),
    .init(job("video", #"{"format":"mov","codec":"av1"}"#), "invalid_codec"),
    .init(job("video", #"{"codec":"xvid"}"#), "invalid_option", mentions: "h264"),
    .init(job("video", #"{"codec":264}"#), "invalid_request"),
    .init(job("video", #"{"format":"mp4","codec":"av1"}"#), nil),
    .init(job("video", #"{"format":"webm","codec":"vp9"}"#), nil),
    .init(job("video", #"{"codec":"h265"}"#), nil),
    // quality
    .init(job("video", #"{"quality":"ultra"}"#), "invalid_option", mentions: "very_high"),
    .init(job("audio", #"{"quality":3}"#), "invalid_request"),
    .init(job("image", #"{"quality":"very_low"}"#), nil),
    // width / height
    .init(job("video", #"{"width":0}"#), "invalid_option", mentions: "width"),
    .init(job("video", #"{"width":1}"#), "invalid_option"),
    .init(job("video", #"{"width":9000}"#), "invalid_option"),
    .init(job("video", #"{"width":-5}"#), "invalid_option"),
    .init(job("video", #"{"width":12.5}"#), "invalid_option"),
    .init(job("video", #"{"width":"abc"}"#), "invalid_option"),
    .init(job("video", #"{"width":"0%"}"#), "invalid_option"),
    .init(job("video", #"{"width":"101%"}"#), "invalid_option"),
    // Only the plain spelling of a number in a string, as the OpenAPI document's patterns say.
    .init(job("video", #"{"width":"+640"}"#), "invalid_option"),
    .init(job("video", #"{"width":"0640"}"#), "invalid_option"),
    .init(job("video", #"{"width":"050%"}"#), "invalid_option"),
    .init(job("video", #"{"width":true}"#), "invalid_request", mentions: "width"),
    .init(job("video", #"{"height":[720]}"#), "invalid_request", mentions: "height"),
    .init(job("video", #"{"height":"150%"}"#), "invalid_option", mentions: "height"),
    .init(job("video", #"{"width":"50%"}"#), nil),
    .init(job("video", #"{"width":1280.0,"height":"720"}"#), nil),
    .init(job("image", #"{"width":8192,"height":2}"#), nil),
    // fit, position, background
    .init(job("video", #"{"fit":"stretch"}"#), "invalid_option", mentions: "contain"),
    .init(job("image", #"{"position":"middle"}"#), "invalid_option", mentions: "top_left"),
    .init(job("video", ##"{"background":"red"}"##), "invalid_option", mentions: "background"),
    .init(job("video", ##"{"background":"#12345"}"##), "invalid_option"),
    .init(job("video", ##"{"fit":"cover","background":"#000000"}"##), "invalid_option", mentions: "contain"),
    .init(job("image", ##"{"background":"#000"}"##), "invalid_option", mentions: "fill"),
    .init(job("image", ##"{"fit":"contain","background":"#fff","width":100,"height":100}"##), nil),
    .init(job("video", ##"{"background":"#00FF00","width":640,"height":640}"##), nil),
    .init(job("animation", #"{"fit":"cover","position":"bottom_right","end":1}"#), nil),
    // fps
    .init(job("video", #"{"fps":0}"#), "invalid_option", mentions: "fps"),
    .init(job("video", #"{"fps":61}"#), "invalid_option"),
    .init(job("video", #"{"fps":"30"}"#), "invalid_request", mentions: "fps"),
    .init(job("video", #"{"fps":29.97}"#), nil),
    .init(job("animation", #"{"fps":0.5,"end":1}"#), "invalid_option"),
    // bitrate
    .init(job("video", #"{"bitrate":299999}"#), "invalid_option", mentions: "300000"),
    .init(job("video", #"{"bitrate":60000001}"#), "invalid_option"),
    .init(job("video", #"{"bitrate":1000000.5}"#), "invalid_option", mentions: "whole"),
    .init(job("video", #"{"bitrate":"1M"}"#), "invalid_request"),
    .init(job("video", #"{"bitrate":2500000}"#), nil),
    .init(job("audio", #"{"bitrate":31999}"#), "invalid_option", mentions: "32000"),
    .init(job("audio", #"{"bitrate":320001}"#), "invalid_option"),
    .init(job("audio", #"{"bitrate":128000}"#), nil),
    .init(job("audio", #"{"format":"wav","bitrate":128000}"#), "invalid_option", mentions: "lossless"),
    .init(job("audio", #"{"format":"flac","bitrate":128000}"#), "invalid_option", mentions: "lossless"),
    // start / end
    .init(job("video", #"{"start":-1}"#), "invalid_option", mentions: "start"),
    .init(job("video", #"{"end":0}"#), "invalid_option", mentions: "end"),
    .init(job("video", #"{"start":5,"end":5}"#), "invalid_option", mentions: "after start"),
    .init(job("audio", #"{"start":10,"end":2}"#), "invalid_option"),
    .init(job("video", #"{"end":"10"}"#), "invalid_request"),
    .init(job("video", #"{"start":1e9}"#), "invalid_option"),
    .init(job("video", #"{"start":1.5,"end":4}"#), nil),
    .init(job("image", #"{"start":5}"#), nil),
    .init(job("animation", #"{}"#), "invalid_option", mentions: "end is required"),
    .init(job("animation", #"{"start":2}"#), "invalid_option", mentions: "end is required"),
    .init(job("animation", #"{"end":3}"#), nil),
    // mute
    .init(job("video", #"{"mute":"yes"}"#), "invalid_request", mentions: "mute"),
    .init(job("video", #"{"mute":true}"#), nil),
    // output
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"https://x.com/out.mp4"}"#, "invalid_request", mentions: "s3://"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket"}"#, "invalid_request"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":5}"#, "invalid_request"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/{id}.mp4"}"#, nil),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/{date}/{filename}-{id}.{ext}"}"#, nil),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/{idd}.mp4"}"#, "invalid_request", mentions: "output uses {idd}, which is no placeholder; a key may use {id}, {date}, {filename} and {ext}"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/{ref}.mp4"}"#, "invalid_request", mentions: "{ref}"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/a{b.mp4"}"#, "invalid_request", mentions: "brace outside a placeholder"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/a}.mp4"}"#, "invalid_request", mentions: "brace outside a placeholder"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/{}.mp4"}"#, "invalid_request", mentions: "brace outside a placeholder"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","output":"s3://bucket/{{id}}.mp4"}"#, "invalid_request", mentions: "brace outside a placeholder"),
    .init(#"{"input":"https://x.com/a.mp4","workflow":[{"kind":"video","output":"s3://b/{id}/{ref}.{ext}"}]}"#, nil),
    .init(#"{"input":"https://x.com/a.mp4","workflow":[{"kind":"video","output":"s3://b/{id}/{reff}.{ext}"}]}"#, "invalid_request", mentions: "workflow[0].output uses {reff}, which is no placeholder; a key may use {id}, {date}, {filename}, {ext} and {ref}"),
    // metadata
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","metadata":"x"}"#, "invalid_request", mentions: "metadata"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","metadata":[1]}"#, "invalid_request"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","metadata":{"big":"\#(String(repeating: "x", count: 16400))"}}"#, "invalid_request", mentions: "16 KiB"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","metadata":{"a":{"b":[1,2,{"c":null}]}}}"#, nil),
    // connection_id
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","connection_id":"abc"}"#, "invalid_request", mentions: "connection_id"),
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","connection_id":"conn_01ABC"}"#, nil),
    // JSON nesting
    .init(#"{"input":"https://x.com/a.mp4","kind":"video","metadata":\#(String(repeating: "[", count: 100))\#(String(repeating: "]", count: 100))}"#, "invalid_request"),
]

@Suite struct ValidationTableTests {
    @Test(arguments: validationTable)
    func rule(_ rule: ValidationCase) throws {
        let outcome: Result<CreateJobRequest, APIError>
        do {
            let body = try JSONParser.parse(rule.body)
            outcome = .success(try CreateJobRequest.parse(body))
        } catch let error as APIError {
            outcome = .failure(error)
        } catch let error as JSONParser.Failure {
            outcome = .failure(.invalidRequest(error.message))
        }
        switch (outcome, rule.kind) {
        case (.success, nil):
            break
        case (.success, let expected?):
            Issue.record("accepted, expected \(expected)")
        case (.failure(let error), nil):
            Issue.record("refused with \(error.kind): \(error.message)")
        case (.failure(let error), let expected?):
            #expect(error.kind == expected, "\(error.message)")
            #expect(error.httpStatus == 400)
            if let mentions = rule.mentions {
                #expect(error.message.contains(mentions), "message: \(error.message)")
            }
        }
    }

    /// Numbers are kept as the text they were sent as (#12); options still read their values.
    @Test func numbersSentInAnyFormReadAsTheirValues() throws {
        let options = #"{"width":1e3,"height":720.0,"fps":2.5E1,"start":-0,"end":1.50,"bitrate":1.5e6}"#
        let video = try CreateJobRequest.parse(try JSONParser.parse(job("video", options)))
        guard case .video(let v) = try JobOptions.parse(video.canonicalOptions, kind: .video) else { Issue.record("not video"); return }
        #expect(v.resize.width == .pixels(1000) && v.resize.height == .pixels(720) && v.fps == 25)
        #expect(v.trim.start == 0 && v.trim.end == 1.5 && v.bitrate == 1_500_000)
        #expect(JSONValue.object(video.options).serialized() == options, "options are echoed as sent")
        #expect(throws: APIError.self) { try CreateJobRequest.parse(try JSONParser.parse(job("video", #"{"width":1.25e1}"#))) }
        #expect(throws: APIError.self) { try CreateJobRequest.parse(try JSONParser.parse(job("video", #"{"bitrate":18446744073709551616}"#))) }
    }

    @Test func typedOptionsCarryDefaultsAndAliases() throws {
        let image = try CreateJobRequest.parse(try JSONParser.parse(job("image", #"{"format":"jpg","width":"50%"}"#)))
        guard case .image(let o) = try JobOptions.parse(image.canonicalOptions, kind: .image) else { Issue.record("not image"); return }
        #expect(o.format == .jpeg && o.resize.width == .percent(50) && o.resize.fit == .fill && o.quality == .medium)
        #expect(image.options["format"] == "jpg", "options are echoed as sent")

        let video = try CreateJobRequest.parse(try JSONParser.parse(job("video", #"{"format":"webm"}"#)))
        guard case .video(let v) = try JobOptions.parse(video.canonicalOptions, kind: .video) else { Issue.record("not video"); return }
        #expect(v.codec == .vp9 && v.resize.fit == .contain && v.mute == false)

        let animation = try CreateJobRequest.parse(try JSONParser.parse(job("animation", #"{"end":2}"#)))
        guard case .animation(let a) = try JobOptions.parse(animation.canonicalOptions, kind: .animation) else { Issue.record("not animation"); return }
        #expect(a.format == .gif && a.fps == 10)
    }
}
