import Foundation
import KilnCore
import Testing

/// What the pipeline promises beyond single options: adaptive ladders, rotation, quality steps,
/// failures that leave the server healthy, progress, clean scratch space.
@Suite(.serialized) struct PipelineBehaviourTests {
    @Test func adaptiveVideoLadderHasAlignedRenditions() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bigbuckbunny.mp4"))","kind":"adaptive_video","options":{"format":"hls","quality":"low"}}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let master = try #require(job["output"]?.stringValue)
                #expect(master.hasSuffix("/master.m3u8"))
                let inspector = MediaInspector(server: server)
                let playlist = String(decoding: try await inspector.rawDownload(inspector.localURL(master)), as: UTF8.self)
                let variants = playlist.split(separator: "\n").filter { $0.hasSuffix(".m3u8") }.map(String.init)
                #expect(variants == ["720p/index.m3u8", "480p/index.m3u8", "360p/index.m3u8"], "rungs no taller than the 720p source")
                #expect(playlist.contains("RESOLUTION=1280x720") && playlist.contains("RESOLUTION=854x480") && playlist.contains("RESOLUTION=640x360"))

                var segmentDurations: [[String]] = []
                let base = String(master.dropLast("master.m3u8".count))
                for variant in variants {
                    let index = String(decoding: try await inspector.rawDownload(inspector.localURL(base + variant)), as: UTF8.self)
                    let durations = index.split(separator: "\n").filter { $0.hasPrefix("#EXTINF:") }.map(String.init)
                    segmentDurations.append(durations)
                    let segments = index.split(separator: "\n").filter { $0.hasSuffix(".ts") }
                    #expect(!segments.isEmpty)
                    let folder = base + String(variant.dropLast("index.m3u8".count))
                    for segment in segments {
                        let bytes = try await inspector.rawDownload(inspector.localURL(folder + segment))
                        #expect(bytes.count > 0, "\(segment) is served")
                    }
                }
                #expect(Set(segmentDurations.map { $0.joined() }).count == 1, "segments line up across renditions: \(segmentDurations)")

                let response = try await server.client.request(.GET, String(inspector.localURL(master).dropFirst(server.baseURL.count)), apiKey: .some(nil))
                #expect(response.header("Content-Type") == "application/vnd.apple.mpegurl")
            }
        }
    }

    @Test func rotationIsApplied() async throws {
        // A phone-style file: the picture stored landscape, a display matrix saying "turn it".
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-plain-\(UUID().uuidString).mp4")
        try Self.generate(["-f", "lavfi", "-i", "testsrc2=s=320x240:d=1", "-c:v", "libx264"], ext: "mp4").write(to: plain)
        defer { try? FileManager.default.removeItem(at: plain) }
        let rotated = try Self.generate(["-i", plain.path, "-c", "copy", "-metadata:s:v:0", "rotate=90"], ext: "mp4")
        try await MediaServer.run(extraFiles: ["rotated.mp4": rotated]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/rotated.mp4"))","kind":"video"}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                #expect(tasks[0]["output"]?["width"] == 240 && tasks[0]["output"]?["height"] == 320, "probe reports the display size")
                let file = try await MediaInspector(server: server).download(try #require(job["output"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: file) }
                let probe = try MediaInspector.ffprobe(file.path)
                let video = try #require(probe.stream("video"))
                #expect(video["width"] == 240 && video["height"] == 320, "the picture is turned, not just tagged")
                #expect(!probe.serialized().contains("rotation\":-90") && !probe.serialized().contains("rotation\":90"))
            }
        }
    }

    @Test func qualityStepsGiveLargerBetterFiles() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                var sizes: [Int] = []
                var scores: [Double] = []
                let source = MediaServer.mediaDirectory.appendingPathComponent("bikes.mp4").path
                for quality in ["very_low", "low", "medium", "high", "very_high"] {
                    let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"video","options":{"quality":"\#(quality)","end":3}}"#)
                    #expect(job["status"] == "succeeded")
                    let file = try await MediaInspector(server: server).download(try #require(job["output"]?.stringValue))
                    defer { try? FileManager.default.removeItem(at: file) }
                    sizes.append(try Data(contentsOf: file).count)
                    scores.append(try MediaInspector.ssim(file.path, reference: source, seconds: 3, scale: "scale=640:272"))
                }
                #expect(sizes == sizes.sorted() && Set(sizes).count == 5, "sizes rise: \(sizes)")
                #expect(scores == scores.sorted() && Set(scores).count == 5, "SSIM rises: \(scores)")
            }
        }
    }

    @Test func badMediaAndBadSourcesFailClearlyAndTheServerStaysHealthy() async throws {
        let truncated = try Data(contentsOf: MediaServer.mediaDirectory.appendingPathComponent("bigbuckbunny.mp4")).prefix(300_000)
        let extra = ["empty.mp4": Data(), "truncated.mp4": Data(truncated), "text.mp4": Data("this is not a video\n".utf8)]
        try await MediaServer.run(extraFiles: extra) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let cases: [(String, String, String)] = [
                    (media.url("/media/empty.mp4"), "video", "input_not_media"),
                    (media.url("/media/truncated.mp4"), "video", "input_not_media"),
                    (media.url("/media/text.mp4"), "video", "input_not_media"),
                    (media.url("/media/missing.mp4"), "video", "input_unreachable"),
                    (media.url("/silent"), "video", "input_unreachable"),
                    (media.url("/redirect-private"), "video", "input_forbidden"),
                    (media.url("/redirect-loop/0"), "video", "input_unreachable"),
                    (media.url("/media/bell.oga").replacingOccurrences(of: "127.0.0.1", with: "localhost"), "audio", "input_forbidden"),
                    ("http://10.1.2.3/video.mp4", "video", "input_forbidden"),
                    ("http://[::1]:9/video.mp4", "video", "input_forbidden"),
                    (media.url("/media/Front_Center.wav"), "image", "unsupported_media"),
                    (media.url("/media/bikes.mp4"), "audio", "unsupported_media"),
                    (media.url("/media/astronaut.png"), "video", "unsupported_media"),
                    ("s3://bucket/key.mp4", "video", "connection_required"),
                ]
                for (input, kind, expected) in cases {
                    let job = try await server.client.runJob(#"{"input":"\#(input)","kind":"\#(kind)"}"#)
                    #expect(job["status"] == "failed", "\(input)")
                    #expect(job["error"]?["kind"]?.stringValue == expected, "\(input): \(job["error"]?.serialized() ?? "")")
                    let message = job["error"]?["message"]?.stringValue ?? ""
                    #expect(!message.isEmpty && !message.contains(server.directory.path) && !message.contains("/tmp/"), "\(message)")
                    guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                    let failed = tasks.firstIndex { $0["status"] == "failed" }
                    #expect(failed != nil, "one task failed")
                    if let failed {
                        #expect(tasks[failed]["error"] == job["error"])
                        #expect(tasks[(failed + 1)...].allSatisfy { $0["status"] == "cancelled" && $0["error"]?["kind"] == "cancelled" })
                    }
                }
                let health = try await server.client.get("/healthz", apiKey: .some(nil))
                #expect(health.status == 200)
                let good = try await server.client.runJob(#"{"input":"\#(media.url("/redirect/bikes.mp4"))","kind":"image"}"#)
                #expect(good["status"] == "succeeded", "a good job after all that, through a redirect")
                let scratch = server.directory.appendingPathComponent("scratch").path
                #expect((try? FileManager.default.contentsOfDirectory(atPath: scratch)) == [], "scratch directories are removed")
            }
        }
    }

    @Test func encodeFailureCarriesFFmpegsMessageWithoutPaths() async throws {
        // Start past the end: the planner refuses before ffmpeg runs.
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"video","options":{"start":60}}"#)
                #expect(job["error"]?["kind"] == "encode_failed")
                #expect(job["error"]?["message"]?.stringValue?.contains("past the end") == true)

                // ffmpeg itself refuses: x265 cannot encode a 2×2 picture.
                let tiny = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"video","options":{"codec":"h265","width":2,"end":1}}"#)
                #expect(tiny["error"]?["kind"] == "encode_failed")
                let message = tiny["error"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("ffmpeg failed: ") && message.contains("too small"), "\(message)")
                #expect(!message.contains(server.directory.path) && !message.contains("/scratch/"), "\(message)")
            }
        }
    }

    @Test func runningTasksReportProgress() async throws {
        let long = try Self.generate(["-f", "lavfi", "-i", "testsrc2=s=1280x720:d=40:r=30", "-c:v", "libx264", "-preset", "ultrafast"], ext: "mp4")
        try await MediaServer.run(extraFiles: ["long.mp4": long]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let created = try await server.client.createJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"video","options":{"codec":"vp9","quality":"high"}}"#)
                let id = try #require(created["id"]?.stringValue)
                var seen: [Double] = []
                let deadline = ContinuousClock.now + .seconds(180)
                while ContinuousClock.now < deadline {
                    let job = try await server.client.get("/jobs/\(id)").json
                    if case .array(let tasks)? = job["tasks"], tasks[2]["status"] == "processing", let p = tasks[2]["progress"]?.doubleValue {
                        seen.append(p)
                        #expect(job["status"] == "processing")
                    }
                    if job["status"] == "succeeded" || job["status"] == "failed" { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(seen.contains { $0 > 0 && $0 < 100 }, "progress between 0 and 100 while encoding: \(seen)")
                #expect(seen == seen.sorted(), "progress only rises")
            }
        }
    }

    static func generate(_ arguments: [String], ext: String) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-gen-\(UUID().uuidString).\(ext)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try MediaInspector.run("ffmpeg", ["-v", "error", "-y"] + arguments + [path])
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { throw TestFailure("ffmpeg: \(output)") }
        return data
    }
}
