import Foundation
import KilnCore
import Testing

/// Still-image jobs overlap on a node with one worker (#16): its light workers run them beside it.
@Suite(.serialized) struct LightWorkerTests {
    /// The input answers only once three fetches wait at once (and each fetch gives up after two
    /// seconds), so the three jobs succeed only if they ran together on one `--workers 1` node.
    @Test func stillImageJobsRunTogetherBesideOneWorker() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init(workers: 1, lightWorkers: 2)) { server in
                let input = media.url("/together/3/astronaut.png")
                var ids: [String] = []
                for _ in 0..<3 {
                    let created = try await server.client.createJob(#"{"input":"\#(input)","kind":"image","options":{"format":"webp","width":200}}"#)
                    ids.append(try #require(created["id"]?.stringValue))
                }
                var jobs: [JSONValue] = []
                for id in ids { jobs.append(try await server.client.waitForJob(id)) }
                for job in jobs { #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")") }
                // Their times overlap: each started before every other one finished.
                let started = jobs.compactMap { $0["started_at"]?.int64Value }
                let finished = jobs.compactMap { $0["finished_at"]?.int64Value }
                #expect(started.count == 3 && finished.count == 3)
                #expect((started.max() ?? 0) <= (finished.min() ?? 0))
            }
        }
    }
}
