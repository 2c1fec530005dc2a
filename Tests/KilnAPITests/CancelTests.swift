import Foundation
import KilnCore
import Testing

/// Cancelling stops work for real: ffmpeg gone within a second, nothing left on disk.
@Suite(.serialized) struct CancelTests {
    static func longInput() throws -> Data {
        try PipelineBehaviourTests.generate(["-f", "lavfi", "-i", "testsrc2=s=640x360:d=600:r=30", "-t", "20", "-c:v", "libx264", "-preset", "ultrafast"], ext: "mp4")
    }

    @Test func cancelAQueuedJobAndItNeverStarts() async throws {
        try await TestServer.run(pipeline: .init(workers: 0)) { server in
            let job = try await server.client.createJob(#"{"input":"https://x.com/a.mp4","kind":"video"}"#)
            let id = try #require(job["id"]?.stringValue)
            let cancelled = try await server.client.request(.POST, "/jobs/\(id)/cancel")
            #expect(cancelled.status == 200)
            let body = try cancelled.json
            #expect(body["status"] == "cancelled" && body["error"]?["kind"] == "cancelled" && body["finished_at"]?.int64Value != nil)
            guard case .array(let tasks)? = body["tasks"] else { throw TestFailure("tasks") }
            #expect(tasks.allSatisfy { $0["status"] == "cancelled" && $0["error"]?["kind"] == "cancelled" && $0["started_at"] == .null })
            let openAPI = try await ContractTests.validator(server)
            #expect(openAPI.problems(path: "/jobs/{id}/cancel", method: "POST", response: cancelled) == [])

            let again = try await server.client.request(.POST, "/jobs/\(id)/cancel")
            let againBody = try again.json
            #expect(again.status == 200 && againBody["status"] == "cancelled")
            #expect(try await server.client.request(.POST, "/jobs/job_01ZZZZZZZZZZZZZZZZZZZZZZZZ/cancel").errorKind == "job_not_found")
            #expect(try await server.client.request(.GET, "/jobs/\(id)/cancel").status == 405)
        }
    }

    @Test func cancelDuringALongEncodeStopsFFmpegAndRemovesEverything() async throws {
        try await MediaServer.run(extraFiles: ["long.mp4": try Self.longInput()]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.createJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"video","options":{"codec":"vp9","quality":"very_high"}}"#)
                let id = try #require(job["id"]?.stringValue)
                _ = try await server.client.waitForJob(id, timeout: .seconds(60)) { job in
                    guard case .array(let tasks)? = job["tasks"] else { return false }
                    return tasks[2]["status"] == "processing"
                }
                let scratch = server.directory.appendingPathComponent("scratch/\(id)").path
                #expect(!(try await RecoveryTests.waitForFFmpeg(containing: scratch)).isEmpty, "ffmpeg is running")

                let response = try await server.client.request(.POST, "/jobs/\(id)/cancel")
                let cancelledAt = ContinuousClock.now
                #expect(response.status == 200)
                while !RecoveryTests.ffmpegProcesses(containing: scratch).isEmpty, ContinuousClock.now - cancelledAt < .seconds(3) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(ContinuousClock.now - cancelledAt < .seconds(1), "ffmpeg stopped within a second")
                #expect(RecoveryTests.ffmpegProcesses(containing: scratch).isEmpty)
                try await Task.sleep(for: .milliseconds(300))
                #expect(!FileManager.default.fileExists(atPath: scratch), "the scratch directory is removed")
                #expect(!FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("files/\(id)").path))

                let final = try await server.client.get("/jobs/\(id)").json
                #expect(final["status"] == "cancelled" && final["error"]?["kind"] == "cancelled" && final["output"] == .null)
                guard case .array(let tasks)? = final["tasks"] else { throw TestFailure("tasks") }
                #expect(tasks.map { $0["status"]?.stringValue ?? "" } == ["succeeded", "succeeded", "cancelled", "cancelled"])
                #expect(tasks[2]["error"]?["kind"] == "cancelled")

                // The worker is free for the next job.
                let next = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image"}"#)
                #expect(next["status"] == "succeeded")
                #expect(try await server.client.request(.POST, "/jobs/\(next["id"]?.stringValue ?? "")/cancel").errorKind == "job_not_cancellable")
            }
        }
    }

    @Test func cancelAStandaloneTaskOrAJobsTask() async throws {
        try await MediaServer.run(extraFiles: ["long.mp4": try Self.longInput()]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let task = try await server.client.createTask(#"{"kind":"video","input":{"object":"file","url":"\#(media.url("/media/long.mp4"))"},"options":{"codec":"vp9","quality":"very_high"}}"#)
                let taskID = try #require(task["id"]?.stringValue)
                let deadline = ContinuousClock.now + .seconds(60)
                while try await server.client.get("/tasks/\(taskID)").json["status"] != "processing", ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(!(try await RecoveryTests.waitForFFmpeg(containing: server.directory.path)).isEmpty, "ffmpeg is running")
                let cancelled = try await server.client.request(.POST, "/tasks/\(taskID)/cancel")
                #expect(cancelled.status == 200)
                let cancelledBody = try cancelled.json
                #expect(cancelledBody["status"] == "cancelled" && cancelledBody["error"]?["kind"] == "cancelled")
                try await Task.sleep(for: .seconds(1))
                #expect(RecoveryTests.ffmpegProcesses(containing: server.directory.path).isEmpty)

                let job = try await server.client.createJob(#"{"input":"https://x.com/never.mp4","kind":"audio"}"#)
                let firstTask = try #require((job["tasks"].flatMap { if case .array(let t) = $0 { return t.first } else { return nil } })?["id"]?.stringValue)
                _ = try await server.client.request(.POST, "/tasks/\(firstTask)/cancel")
                let after = try await server.client.get("/jobs/\(job["id"]?.stringValue ?? "")").json
                #expect(after["status"] == "cancelled" || after["status"] == "failed", "cancelling a job's task cancels the job (unless it failed first)")

                let done = try await server.client.createTask(#"{"kind":"probe","input":{"url":"\#(media.url("/media/bell.oga"))"}}"#)
                let finished = try await server.client.waitForTask(try #require(done["id"]?.stringValue))
                #expect(finished["status"] == "succeeded")
                #expect(try await server.client.request(.POST, "/tasks/\(finished["id"]?.stringValue ?? "")/cancel").errorKind == "task_not_cancellable")
            }
        }
    }

    @Test func cancelRacingTheNaturalEndLeavesOneConsistentOutcome() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                var outcomes: [String: Int] = [:]
                for attempt in 0..<12 {
                    let job = try await server.client.createJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"start":\#(attempt % 5)}}"#)
                    let id = try #require(job["id"]?.stringValue)
                    try await Task.sleep(for: .milliseconds(40 + 15 * attempt))
                    let response = try await server.client.request(.POST, "/jobs/\(id)/cancel")
                    #expect(response.status == 200 || response.errorKind == "job_not_cancellable")
                    let final = try await server.client.waitForJob(id)
                    let status = final["status"]?.stringValue ?? ""
                    outcomes[status, default: 0] += 1
                    guard case .array(let tasks)? = final["tasks"] else { throw TestFailure("tasks") }
                    let files = server.directory.appendingPathComponent("files/\(id)").path
                    switch status {
                    case "succeeded":
                        #expect(response.status == 409)
                        #expect(tasks.allSatisfy { $0["status"] == "succeeded" } && final["output"]?.stringValue != nil)
                        #expect(FileManager.default.fileExists(atPath: files))
                    case "cancelled":
                        #expect(response.status == 200)
                        #expect(tasks.contains { $0["status"] == "cancelled" } && tasks.last?["status"] == "cancelled")
                        #expect(final["output"] == .null)
                        try await Task.sleep(for: .milliseconds(200))
                        #expect(!FileManager.default.fileExists(atPath: files), "a cancelled job keeps no output")
                    default:
                        Issue.record("unexpected status \(status)")
                    }
                }
                #expect(outcomes.values.reduce(0, +) == 12)
            }
        }
    }
}
