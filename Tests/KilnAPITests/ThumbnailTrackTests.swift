import Foundation
import KilnCore
import Testing

/// Thumbnail tracks (#15): the image kind's `interval`, as frames in a folder or a sprite sheet
/// with a WebVTT track, made by real ffmpeg from the test media, served by /files and exported.
@Suite(.serialized) struct ThumbnailTrackTests {
    /// bikes.mp4 is 10 s: every 2 s from 1 s to 8 s is 1, 3, 5, 7.
    @Test func framesInAFolderWithTheirTimes() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"interval":2,"start":1,"end":8,"width":160}}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let output = try #require(job["output"]?.stringValue)
                #expect(output.hasSuffix("/bikes/index.json"))
                let inspector = MediaInspector(server: server)
                let index = try JSONParser.parse(Array(try await inspector.rawDownload(inspector.localURL(output))))
                guard case .array(let frames)? = index["frames"] else { throw TestFailure("frames: \(index.serialized())") }
                #expect(frames.map { $0["file"]?.stringValue ?? "" } == ["thumb-000.jpg", "thumb-001.jpg", "thumb-002.jpg", "thumb-003.jpg"])
                #expect(frames.map { $0["time"]?.doubleValue ?? -1 } == [1, 3, 5, 7])
                #expect(index["interval"]?.doubleValue == 2 && index["width"] == 160 && index["height"] == 68)
                let folder = String(output.dropLast("index.json".count))
                for frame in frames {
                    let file = try await inspector.download(folder + (frame["file"]?.stringValue ?? ""))
                    defer { try? FileManager.default.removeItem(at: file) }
                    let video = try #require(try MediaInspector.ffprobe(file.path).stream("video"))
                    #expect(video["codec_name"] == "mjpeg" && video["width"] == 160 && video["height"] == 68)
                }
                let response = try await server.client.request(.GET, String(inspector.localURL(output).dropFirst(server.baseURL.count)), apiKey: .some(nil))
                #expect(response.header("Content-Type") == "application/json")
                guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                #expect(tasks[2]["output"]?["format"] == "json" && tasks[2]["output"]?["width"] == 160)
                #expect(tasks[2]["options"]?["interval"] == 2 && tasks[2]["options"]?["end"] == 8)
            }
        }
    }

    /// Every cue of the track parses, follows the last, and points inside the sprite sheet.
    @Test func aSpriteSheetWithAWebVTTTrack() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"interval":0.75,"sprite":true,"width":64,"format":"webp"}}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let output = try #require(job["output"]?.stringValue)
                #expect(output.hasSuffix("/bikes/thumbnails.vtt"))
                let inspector = MediaInspector(server: server)
                let track = String(decoding: try await inspector.rawDownload(inspector.localURL(output)), as: UTF8.self)
                let response = try await server.client.request(.GET, String(inspector.localURL(output).dropFirst(server.baseURL.count)), apiKey: .some(nil))
                #expect(response.header("Content-Type")?.hasPrefix("text/vtt") == true)
                let cues = try Self.cues(track)
                #expect(cues.count == 14, "10 s every 0.75 s: \(cues.count)")
                #expect(cues.first?.start == 0 && abs((cues.last?.end ?? 0) - 10) < 0.1)
                for (a, b) in zip(cues, cues.dropFirst()) { #expect(a.end == b.start && a.start < a.end) }
                #expect(Set(cues.map(\.image)) == ["sprite.webp"])

                let sprite = try await inspector.download(String(output.dropLast("thumbnails.vtt".count)) + "sprite.webp")
                defer { try? FileManager.default.removeItem(at: sprite) }
                let video = try #require(try MediaInspector.ffprobe(sprite.path).stream("video"))
                let width = try #require(video["width"]?.int64Value), height = try #require(video["height"]?.int64Value)
                #expect(width == 640 && height == 2 * 27, "10 columns of 64×27, 2 rows")
                for cue in cues {
                    #expect(cue.w == 64 && cue.h == 27)
                    #expect(cue.x >= 0 && cue.y >= 0 && cue.x + cue.w <= width && cue.y + cue.h <= height, "\(cue)")
                }
                #expect(Set(cues.map { "\($0.x),\($0.y)" }).count == cues.count, "one cell a cue")
            }
        }
    }

    /// Each frame is the picture at its listed time (ffmpeg's fps filter rounds to the nearest
    /// slot, which took frame n from half an interval later), and an interval longer than the
    /// video still gives its first frame (it gave none, and the job failed).
    @Test func eachFrameIsThePictureAtItsTime() async throws {
        let input = try PipelineBehaviourTests.generate(["-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=20", "-c:v", "libx264", "-preset", "ultrafast"], ext: "mp4")
        let reference = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-clock-\(UUID().uuidString).mp4")
        try input.write(to: reference)
        defer { try? FileManager.default.removeItem(at: reference) }
        try await MediaServer.run(extraFiles: ["clock.mp4": input]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let inspector = MediaInspector(server: server)
                func frames(_ options: String) async throws -> (folder: String, frames: [JSONValue]) {
                    let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/clock.mp4"))","kind":"image","options":\#(options)}"#)
                    #expect(job["status"] == "succeeded", "\(options): \(job["error"]?.serialized() ?? "")")
                    let output = try #require(job["output"]?.stringValue)
                    let index = try JSONParser.parse(Array(try await inspector.rawDownload(inspector.localURL(output))))
                    guard case .array(let frames)? = index["frames"] else { throw TestFailure("frames: \(index.serialized())") }
                    return (String(output.dropLast("index.json".count)), frames)
                }
                for (options, times) in [(#"{"interval":5,"format":"png"}"#, [0.0, 5, 10, 15]), (#"{"interval":4,"start":1,"end":12,"format":"png"}"#, [1, 5, 9])] {
                    let track = try await frames(options)
                    #expect(track.frames.map { $0["time"]?.doubleValue ?? -1 } == times)
                    for frame in track.frames {
                        let time = try #require(frame["time"]?.doubleValue)
                        let file = try await inspector.download(track.folder + (frame["file"]?.stringValue ?? ""))
                        defer { try? FileManager.default.removeItem(at: file) }
                        let atItsTime = try Self.ssim(file.path, reference.path, at: time)
                        // The picture changes every frame; PNG's RGB against the video's YUV keeps SSIM from 1.
                        let later = [0.3, 2].map { (try? Self.ssim(file.path, reference.path, at: time + $0)) ?? 1 }
                        #expect(later.allSatisfy { atItsTime > $0 }, "\(options) \(frame.serialized()): SSIM \(atItsTime) at its time, \(later) 0.3 s and 2 s later")
                    }
                }
                let once = try await frames(#"{"interval":60}"#)
                #expect(once.frames == [["file": "thumb-000.jpg", "time": 0]])
            }
        }
    }

    /// SSIM of a picture against a video's frame at `seconds`.
    static func ssim(_ picture: String, _ video: String, at seconds: Double) throws -> Double {
        let output = try MediaInspector.run("ffmpeg", ["-hide_banner", "-i", picture, "-ss", "\(seconds)", "-i", video, "-lavfi", "[0:v][1:v]ssim", "-frames:v", "1", "-f", "null", "-"])
        guard let range = output.range(of: #"All:([0-9.]+)"#, options: .regularExpression) else { throw TestFailure("no SSIM: \(output.suffix(300))") }
        return Double(output[range].dropFirst(4)) ?? 0
    }

    @Test func limitsAndWrongInputsFailClearly() async throws {
        // 101 s of a tiny picture at 1 fps: every 0.1 s would be 1,010 frames.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-long-\(UUID().uuidString).mp4").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try MediaInspector.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=black:s=32x32:r=1:d=101", "-c:v", "libx264", path])
        let long = try Data(contentsOf: URL(fileURLWithPath: path))
        try await MediaServer.run(extraFiles: ["long.mp4": long]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let tooMany = try await server.client.runJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"image","options":{"interval":0.1}}"#)
                #expect(tooMany["status"] == "failed" && tooMany["error"]?["message"]?.stringValue?.contains("at most 1000") == true, "\(tooMany["error"]?.serialized() ?? "")")
                // bikes.mp4 is 10 s; its last frame starts at 9.96 s.
                let pastLastFrame = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"interval":1,"start":9.99}}"#)
                #expect(pastLastFrame["error"]?["message"] == "the video has no frame to decode from start (9.990 s) on; give an earlier start", "\(pastLastFrame["error"]?.serialized() ?? "")")
                let still = try await server.client.runJob(#"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"interval":1}}"#)
                #expect(still["error"]?["kind"] == "unsupported_media", "\(still["error"]?.serialized() ?? "")")
                for options in [#"{"sprite":true}"#, #"{"end":3}"#, #"{"interval":1,"format":"avif"}"#, #"{"interval":0}"#, #"{"interval":2,"start":4,"end":3}"#] {
                    let response = try await server.client.post("/jobs", #"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":\#(options)}"#)
                    #expect(response.status == 400, "\(options): \(response.text)")
                    #expect(try response.json["kind"] == "invalid_option", "\(options): \(response.text)")
                }
            }
        }
    }

    @Test func aTrackIsExportedWholeToS3() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "thumbs")
            try await MediaServer.run { media in
                try await TestServer.run(pipeline: .init()) { server in
                    try await S3Tests.connect(server, s3)
                    let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"interval":5,"sprite":true,"width":64},"output":"s3://thumbs/t/{id}/"}"#)
                    #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                    let id = try #require(job["id"]?.stringValue)
                    #expect(job["output"] == .string("s3://thumbs/t/\(id)/thumbnails.vtt"))
                    guard case .array(let keys) = try s3.client("list", "thumbs", "t/\(id)/") else { throw TestFailure("list") }
                    #expect(Set(keys.compactMap(\.stringValue)) == ["t/\(id)/thumbnails.vtt", "t/\(id)/sprite.jpg"])
                    #expect(try s3.client("head", "thumbs", "t/\(id)/thumbnails.vtt")["content_type"]?.stringValue?.hasPrefix("text/vtt") == true)
                }
            }
        }
    }

    struct Cue: CustomStringConvertible {
        var start: Double, end: Double, image: String, x: Int64, y: Int64, w: Int64, h: Int64
        var description: String { "\(start)–\(end) \(image)#xywh=\(x),\(y),\(w),\(h)" }
    }

    /// A WebVTT parser for what a player reads: `hh:mm:ss.ttt --> hh:mm:ss.ttt` and a `#xywh=` URL.
    static func cues(_ track: String) throws -> [Cue] {
        let blocks = track.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        guard blocks.first?.hasPrefix("WEBVTT") == true else { throw TestFailure("no WEBVTT header") }
        func seconds(_ text: Substring) throws -> Double {
            let parts = text.split(separator: ":")
            guard parts.count == 3, let h = Double(parts[0]), let m = Double(parts[1]), let s = Double(parts[2]) else { throw TestFailure("time \(text)") }
            return h * 3600 + m * 60 + s
        }
        return try blocks.dropFirst().filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map { block in
            let lines = block.split(separator: "\n")
            guard lines.count == 2, let arrow = lines[0].range(of: " --> ") else { throw TestFailure("cue \(block)") }
            let times = (try seconds(lines[0][..<arrow.lowerBound]), try seconds(lines[0][arrow.upperBound...]))
            guard let hash = lines[1].range(of: "#xywh=") else { throw TestFailure("cue \(block)") }
            let numbers = lines[1][hash.upperBound...].split(separator: ",").compactMap { Int64($0) }
            guard numbers.count == 4 else { throw TestFailure("xywh \(block)") }
            return Cue(start: times.0, end: times.1, image: String(lines[1][..<hash.lowerBound]), x: numbers[0], y: numbers[1], w: numbers[2], h: numbers[3])
        }
    }
}
