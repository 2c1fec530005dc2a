import Foundation
import KilnCore
import Testing

/// Decompression bombs (#12): a 16000×16000 PNG of 746 KB made ffprobe and ffmpeg use 800 MiB
/// each. The probe refuses a picture over `--max-input-pixels` before anything decodes it.
@Suite(.serialized) struct InputPixelLimitTests {
    /// One colour, so it compresses to almost nothing and decodes to 768 MiB.
    static func bomb() throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-bomb-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try MediaInspector.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=16000x16000", "-frames:v", "1", path])
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func aPictureOverTheDefaultLimitFailsAtTheProbe() async throws {
        let bomb = try Self.bomb()
        #expect(bomb.count < 1 << 20, "a small file")
        try await MediaServer.run(extraFiles: ["bomb.png": bomb]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let created = try await server.client.createJob(#"{"input":"\#(media.url("/media/bomb.png"))","kind":"image","options":{"width":100}}"#)
                let id = try #require(created["id"]?.stringValue)
                let job = try await server.client.waitForJob(id)
                #expect(job["status"] == "failed" && job["error"]?["kind"] == "input_too_large", "\(job.serialized())")
                let message = job["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains("16000×16000") && message.contains("100000000"), "\(message)")
                guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                #expect(tasks[0]["kind"] == "probe" && tasks[0]["error"]?["kind"] == "input_too_large", "the probe refuses it")
                #expect(tasks[2]["status"] == "cancelled" && tasks[2]["started_at"] == .null, "no encode started")

                let probe = try await server.client.post("/tasks", #"{"kind":"probe","input":{"url":"\#(media.url("/media/bomb.png"))"}}"#)
                let taskID = try #require(try probe.json["id"]?.stringValue)
                let task = try await server.client.waitForTask(taskID)
                #expect(task["status"] == "failed" && task["error"]?["kind"] == "input_too_large")
            }
        }
    }

    /// The limit is a setting; a video's frame size counts as a picture's.
    @Test(arguments: [("transparent.png", 64 * 64), ("bikes.mp4", 640 * 272)])
    func theLimitIsASetting(_ input: String, _ pixels: Int) async throws {
        try await MediaServer.run { media in
            for (limit, expected) in [(Int64(pixels - 1), "failed"), (Int64(pixels), "succeeded")] {
                try await TestServer.run(pipeline: .init(maximumInputPixels: limit)) { server in
                    let probe = try await server.client.post("/tasks", #"{"kind":"probe","input":{"url":"\#(media.url("/media/\(input)"))"}}"#)
                    let id = try #require(try probe.json["id"]?.stringValue)
                    let task = try await server.client.waitForTask(id)
                    #expect(task["status"]?.stringValue == expected, "\(input) at a limit of \(limit): \(task["error"]?.serialized() ?? "")")
                    if expected == "failed" { #expect(task["error"]?["kind"] == "input_too_large") }
                }
            }
        }
    }
}
