import Foundation
import KilnCore
import Testing

/// Jobs run end to end: real ffmpeg on real media fetched over loopback HTTP, outputs
/// downloaded from `/files` and checked with ffprobe.
@Suite(.serialized) struct PipelineTests {
    /// One job of the option matrix and what its output must be.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let kind: String
        let options: String
        let check: @Sendable (JSONValue, String) throws -> Void

        var testDescription: String { name }
    }

    static func near(_ a: Double?, _ b: Double, _ tolerance: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    static let cases: [Case] = [
        Case(name: "video defaults: h264 mp4, audio kept, faststart", input: "bigbuckbunny.mp4", kind: "video", options: #"{"width":640}"#) { probe, path in
            let v = try #require(probe.stream("video"))
            #expect(v["codec_name"] == "h264" && v["pix_fmt"] == "yuv420p" && v["profile"] == "High")
            #expect(v["width"] == 640 && v["height"] == 360)
            #expect(probe.stream("audio")?["codec_name"] == "aac")
            #expect(near(probe["format"]?["duration"]?.number, 5.3, 0.1))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let moov = try #require(bytes.range(of: Data("moov".utf8))), mdat = try #require(bytes.range(of: Data("mdat".utf8)))
            #expect(moov.lowerBound < mdat.lowerBound, "faststart puts moov first")
        },
        Case(name: "webm vp9, height only, trimmed", input: "bikes.mp4", kind: "video", options: #"{"format":"webm","height":136,"end":2}"#) { probe, _ in
            let v = try #require(probe.stream("video"))
            #expect(v["codec_name"] == "vp9" && v["width"] == 320 && v["height"] == 136)
            #expect(probe.stream("audio") == nil)
            #expect(near(probe["format"]?["duration"]?.number, 2, 0.1))
        },
        Case(name: "mov h265 at 10 fps from 1 s to 3 s", input: "bikes.mp4", kind: "video", options: #"{"format":"mov","codec":"h265","fps":10,"start":1,"end":3,"quality":"low"}"#) { probe, _ in
            let v = try #require(probe.stream("video"))
            #expect(v["codec_name"] == "hevc" && v["codec_tag_string"] == "hvc1")
            #expect(v["avg_frame_rate"] == "10/1")
            #expect(near(probe["format"]?["duration"]?.number, 2, 0.15))
        },
        Case(name: "mp4 av1 at 50 %", input: "bikes.mp4", kind: "video", options: #"{"codec":"av1","width":"50%","end":1,"quality":"very_low"}"#) { probe, _ in
            let v = try #require(probe.stream("video"))
            #expect(v["codec_name"] == "av1" && v["width"] == 320 && v["height"] == 136)
        },
        Case(name: "cover crops to the box", input: "bigbuckbunny.mp4", kind: "video", options: #"{"width":300,"height":300,"fit":"cover","end":1}"#) { probe, _ in
            #expect(probe.stream("video")?["width"] == 300 && probe.stream("video")?["height"] == 300)
        },
        Case(name: "contain pads with the background", input: "bigbuckbunny.mp4", kind: "video", options: ##"{"width":400,"height":400,"background":"#ff0000","end":1}"##) { probe, path in
            #expect(probe.stream("video")?["width"] == 400 && probe.stream("video")?["height"] == 400)
            let pixel = try MediaInspector.runData("ffmpeg", ["-v", "error", "-i", path, "-frames:v", "1", "-vf", "crop=2:2:200:4", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
            let rgb = Array(pixel.prefix(3))
            #expect(rgb.count == 3 && rgb[0] > 200 && rgb[1] < 60 && rgb[2] < 60, "top band is red: \(rgb)")
        },
        Case(name: "fill stretches, even upscaling", input: "bikes.mp4", kind: "video", options: #"{"width":1000,"height":700,"fit":"fill","end":1}"#) { probe, _ in
            #expect(probe.stream("video")?["width"] == 1000 && probe.stream("video")?["height"] == 700)
        },
        Case(name: "never upscales with one size", input: "bikes.mp4", kind: "video", options: #"{"width":1920,"end":1}"#) { probe, _ in
            #expect(probe.stream("video")?["width"] == 640 && probe.stream("video")?["height"] == 272)
        },
        Case(name: "mute drops audio", input: "bigbuckbunny.mp4", kind: "video", options: #"{"mute":true,"end":1,"width":320}"#) { probe, _ in
            #expect(probe.stream("audio") == nil)
        },
        Case(name: "bitrate is honoured within 25 %", input: "bigbuckbunny.mp4", kind: "video", options: #"{"bitrate":600000,"mute":true}"#) { probe, _ in
            let rate = try #require(probe["format"]?["bit_rate"]?.number)
            #expect(abs(rate - 600_000) / 600_000 < 0.25, "bitrate \(rate)")
        },
        Case(name: "audio mp3 from a video", input: "bigbuckbunny.mp4", kind: "audio", options: #"{"format":"mp3","quality":"high"}"#) { probe, _ in
            #expect(probe.stream("audio")?["codec_name"] == "mp3" && probe.stream("video") == nil)
            #expect(near(probe["format"]?["duration"]?.number, 5.3, 0.15))
        },
        Case(name: "audio aac with bitrate", input: "Front_Center.wav", kind: "audio", options: #"{"format":"aac","bitrate":96000}"#) { probe, _ in
            #expect(probe.stream("audio")?["codec_name"] == "aac")
            let rate = try #require(probe["format"]?["bit_rate"]?.number)
            #expect(abs(rate - 96_000) / 96_000 < 0.25, "bitrate \(rate)")
        },
        Case(name: "audio ogg vorbis", input: "bell.oga", kind: "audio", options: #"{"format":"ogg"}"#) { probe, _ in
            #expect(probe.stream("audio")?["codec_name"] == "vorbis")
        },
        Case(name: "audio opus trimmed", input: "bigbuckbunny.mp4", kind: "audio", options: #"{"format":"opus","start":1,"end":3}"#) { probe, _ in
            #expect(probe.stream("audio")?["codec_name"] == "opus")
            #expect(near(probe["format"]?["duration"]?.number, 2, 0.1))
        },
        Case(name: "audio wav", input: "bell.oga", kind: "audio", options: #"{"format":"wav"}"#) { probe, _ in
            #expect(probe.stream("audio")?["codec_name"] == "pcm_s16le")
        },
        Case(name: "audio flac", input: "Front_Center.wav", kind: "audio", options: #"{"format":"flac"}"#) { probe, _ in
            #expect(probe.stream("audio")?["codec_name"] == "flac")
        },
        Case(name: "poster frame webp from a video", input: "bikes.mp4", kind: "image", options: #"{"start":5,"format":"webp","width":320}"#) { probe, _ in
            #expect(probe.stream("video")?["codec_name"] == "webp" && probe.stream("video")?["width"] == 320 && probe.stream("video")?["height"] == 136)
        },
        Case(name: "jpeg from a png", input: "astronaut.png", kind: "image", options: #"{"format":"jpg","width":256}"#) { probe, _ in
            #expect(probe.stream("video")?["codec_name"] == "mjpeg" && probe.stream("video")?["width"] == 256 && probe.stream("video")?["height"] == 256)
        },
        Case(name: "png keeps transparency", input: "transparent.png", kind: "image", options: #"{"format":"png","width":32}"#) { probe, _ in
            #expect(probe.stream("video")?["pix_fmt"] == "rgba" && probe.stream("video")?["width"] == 32)
        },
        Case(name: "png pads with transparency", input: "logo.png", kind: "image", options: #"{"format":"png","width":300,"height":200,"fit":"contain"}"#) { probe, path in
            #expect(probe.stream("video")?["pix_fmt"] == "rgba" && probe.stream("video")?["width"] == 300)
            let alpha = try MediaInspector.runData("ffmpeg", ["-v", "error", "-i", path, "-vf", "alphaextract,crop=1:1:0:0", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
            #expect(alpha.first == 0, "the padding is transparent")
        },
        Case(name: "webp keeps transparency", input: "transparent.png", kind: "image", options: #"{"format":"webp"}"#) { probe, path in
            let decoded = try MediaInspector.runData("ffmpeg", ["-v", "error", "-i", path, "-frames:v", "1", "-vf", "alphaextract,crop=1:1:0:0", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
            #expect(decoded.count == 1 && decoded.first.map { $0 < 128 } == true, "the picture stays see-through")
        },
        Case(name: "avif from a video frame", input: "bikes.mp4", kind: "image", options: #"{"format":"avif","start":1,"quality":"low"}"#) { probe, _ in
            #expect(probe.stream("video")?["codec_name"] == "av1" && probe.stream("video")?["width"] == 640)
        },
        Case(name: "image contain with background", input: "logo.png", kind: "image", options: ##"{"format":"jpeg","width":300,"height":200,"fit":"contain","background":"#0000ff"}"##) { probe, _ in
            #expect(probe.stream("video")?["width"] == 300 && probe.stream("video")?["height"] == 200)
        },
        Case(name: "gif animation at 5 fps", input: "bikes.mp4", kind: "animation", options: #"{"end":2,"fps":5,"width":200}"#) { probe, _ in
            let v = try #require(probe.stream("video"))
            #expect(v["codec_name"] == "gif" && v["width"] == 200)
            #expect(near(probe["format"]?["duration"]?.number, 2, 0.25))
        },
        Case(name: "animated webp", input: "bikes.mp4", kind: "animation", options: #"{"format":"webp","start":1,"end":2,"width":160}"#) { probe, path in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.range(of: Data("ANIM".utf8)) != nil, "an animated WebP")
        },
    ]

    @Test(arguments: cases)
    func optionProducesTheRequestedOutput(_ c: Case) async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let created = try await server.client.createJob(#"{"input":"\#(media.url("/media/\(c.input)"))","kind":"\#(c.kind)","options":\#(c.options)}"#)
                let job = try await server.client.waitForJob(created["id"]?.stringValue ?? "")
                let openAPI = try await ContractTests.validator(server)
                let finished = try await server.client.get("/jobs/\(created["id"]?.stringValue ?? "")")
                #expect(openAPI.problems(path: "/jobs/{id}", method: "GET", response: finished) == [], "a finished job matches the spec")
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let output = try #require(job["output"]?.stringValue)
                let file = try await MediaInspector(server: server).download(output)
                defer { try? FileManager.default.removeItem(at: file) }
                try c.check(try MediaInspector.ffprobe(file.path), file.path)

                guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                #expect(tasks.allSatisfy { $0["status"] == "succeeded" })
                #expect(tasks.map { $0["progress"] ?? .null } == [.null, .null, 100, .null], "progress on the encode only")
                #expect(tasks.last?["output"]?["url"] == job["output"])
                #expect(tasks.first?["output"]?["object"] == "file")
                #expect(job["started_at"]?.int64Value != nil && job["finished_at"]?.int64Value != nil)
            }
        }
    }
}
