import Foundation
import KilnCore
import Testing

/// A job whose worker died on its last attempt fails with `worker_lost` (#12): the task that was
/// running carries the error too, and the job's scratch directory is removed.
@Suite(.serialized) struct WorkerLostTests {
    @Test func aJobKilledOnItsLastAttemptFailsWithWorkerLostAndLeavesNoScratch() async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }
        let environment = ["KILN_API_KEY": "lost", "KILN_ALLOW_PRIVATE_INPUTS": "1"]
        let arguments = ["serve", "--port", "0", "--data", data.path, "--max-attempts", "1"]
        let scratch = data.appendingPathComponent("scratch")
        try await MediaServer.run(extraFiles: ["long.mp4": try RecoveryTests.longInput()]) { media in
            let server = KilnProcess(arguments: arguments, environment: environment)
            try server.start()
            let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(server.port)", apiKey: "lost")
            let created = try await client.createJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"video","options":{"codec":"vp9"}}"#)
            let id = try #require(created["id"]?.stringValue)
            try await RecoveryTests.waitForEncode(client, id)
            server.kill(SIGKILL)
            let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
            #expect(left.contains(id), "the killed worker left its scratch behind: \(left)")

            let restarted = KilnProcess(arguments: arguments, environment: environment)
            try restarted.start()
            defer { restarted.kill(SIGTERM) }
            let after = HTTPTestClient(baseURL: "http://127.0.0.1:\(restarted.port)", apiKey: "lost")
            let job = try await after.waitForJob(id, timeout: .seconds(60))
            #expect(job["status"] == "failed" && job["error"]?["kind"] == "worker_lost", "\(job.serialized())")
            guard case .array(let tasks)? = job["tasks"], tasks.count == 4 else { throw TestFailure("four tasks") }
            #expect(tasks.map { $0["status"]?.stringValue ?? "" } == ["succeeded", "succeeded", "failed", "cancelled"])
            #expect(tasks[2]["error"] == job["error"], "the interrupted encode carries the job's error")
            // The claim that fails the job removes its scratch just after recording the failure.
            var remaining: [String] = []
            let deadline = ContinuousClock.now + .seconds(10)
            repeat {
                remaining = ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).filter { $0.contains(id) }
                if !remaining.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            } while !remaining.isEmpty && ContinuousClock.now < deadline
            #expect(remaining.isEmpty, "nothing of the job is left in scratch: \(remaining)")
            #expect(RecoveryTests.ffmpegProcesses(containing: data.path).isEmpty, "its encoder was ended")
        }
    }
}
