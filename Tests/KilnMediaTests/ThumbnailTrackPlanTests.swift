import KilnCore
import KilnMedia
import Testing

/// The plan of a thumbnail track: names, times, cells and the one ffmpeg command, without ffmpeg.
@Suite struct ThumbnailTrackPlanTests {
    let video = MediaFile(kind: .video, width: 1280, height: 720, duration: 10, video: .init(name: "h264", pixelFormat: "yuv420p"))

    func make(_ json: String, input: MediaFile? = nil) throws -> EncodePlan {
        guard case .object(let object) = try JSONParser.parse(json) else { throw APIError.invalidRequest("object") }
        return try EncodePlan.make(input: input ?? video, inputPath: "/s/input", options: JobOptions.parse(object, kind: .image), outputDirectory: "/s/out", baseName: "clip")
    }

    @Test func framesEveryIntervalInAFolder() throws {
        let plan = try make(#"{"interval":2.5,"width":320}"#)
        let track = try #require(plan.track)
        #expect(track.frames.map(\.name) == ["thumb-000.jpg", "thumb-001.jpg", "thumb-002.jpg", "thumb-003.jpg"], "10 s every 2.5 s")
        #expect(track.frames.map(\.time) == [0, 2.5, 5, 7.5])
        #expect(plan.primaryOutput == "clip/index.json" && plan.outputDirectory == "clip" && track.directory == "/s/out/clip")
        let args = plan.arguments.joined(separator: " ")
        #expect(args.contains("fps=1000/2500:round=up:start_time=0,scale=320:180") && args.contains("-frames:v 4") && args.contains("-f image2 -start_number 0 /s/out/clip/thumb-%03d.jpg"))
        #expect(track.index(existing: ["thumb-000.jpg", "thumb-001.jpg"]) == #"{"interval":2.5,"width":320,"height":180,"frames":[{"file":"thumb-000.jpg","time":0},{"file":"thumb-001.jpg","time":2.5}]}"# + "\n")
        let webp = try make(#"{"interval":5,"format":"webp"}"#).arguments.joined(separator: " ")
        #expect(webp.contains("-c:v libwebp") && !webp.contains("-f webp") && webp.hasSuffix("thumb-%03d.webp"), "one file a frame")
    }

    @Test func aSpriteSheetAndItsCues() throws {
        let plan = try make(#"{"interval":0.5,"start":1,"end":7.2,"sprite":true,"width":160}"#)
        let track = try #require(plan.track)
        #expect(track.frames.count == 13 && track.frames.last?.time == 7)
        #expect(track.spriteGrid == ThumbnailTrack.Grid(columns: 10, rows: 2) && track.spriteSize == Layout.Size(1600, 180))
        #expect(plan.primaryOutput == "clip/thumbnails.vtt")
        let args = plan.arguments.joined(separator: " ")
        #expect(args.contains("-ss 1.000 -i /s/input -t 6.200") && args.contains("tile=10x2") && args.hasSuffix("-frames:v 1 -c:v mjpeg -pix_fmt yuvj420p -q:v 5 -f image2 -update 1 /s/out/clip/sprite.jpg"))
        let lines = track.webVTT.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(4) == ["WEBVTT", "", "00:00:01.000 --> 00:00:01.500", "sprite.jpg#xywh=0,0,160,90"])
        #expect(track.webVTT.contains("00:00:06.000 --> 00:00:06.500\nsprite.jpg#xywh=0,90,160,90"), "the 11th frame starts the second row")
        #expect(track.webVTT.hasSuffix("00:00:07.000 --> 00:00:07.200\nsprite.jpg#xywh=320,90,160,90\n"), "the last cue ends at end")
    }

    @Test func limits() throws {
        let long = MediaFile(kind: .video, width: 640, height: 360, duration: 200, video: .init(name: "h264"))
        #expect(throws: MediaError.self) { try make(#"{"interval":0.1}"#, input: long) }
        #expect(try make(#"{"interval":0.2}"#, input: long).track?.frames.count == 1000)
        #expect(throws: MediaError.self) { try make(#"{"interval":1,"start":10}"#) }
        let still = MediaFile(kind: .image, width: 500, height: 500, video: .init(name: "png"))
        #expect(throws: MediaError.self) { try make(#"{"interval":1}"#, input: still) }
        // A still image is no input for a track either, so an audio file's message does not offer one.
        let audio = MediaFile(kind: .audio, duration: 10, audio: .init(name: "aac"))
        #expect(throws: MediaError.unsupported("a thumbnail track (interval) needs a video input; this input is audio only")) { try make(#"{"interval":1}"#, input: audio) }
        // 1000 frames of 640×360 fit the sides (6,400×36,000) but not the memory: 230 megapixels.
        let small = MediaFile(kind: .video, width: 640, height: 360, duration: 200, video: .init(name: "h264"))
        #expect(throws: MediaError.unsupported("the sprite sheet would be 6400×36000, 230 megapixels; at most 100: set a smaller width or a larger interval")) {
            try make(#"{"interval":0.2,"sprite":true}"#, input: small)
        }
        #expect(try make(#"{"interval":0.2,"sprite":true,"width":320}"#, input: small).track?.spriteSize == Layout.Size(3200, 18000))
        // 1000 frames of 1280×720 in 10 columns is 72,000 pixels tall: too tall for any format.
        #expect(throws: MediaError.self) { try make(#"{"interval":0.2,"sprite":true}"#, input: MediaFile(kind: .video, width: 1280, height: 720, duration: 200, video: .init(name: "h264"))) }
    }
}
