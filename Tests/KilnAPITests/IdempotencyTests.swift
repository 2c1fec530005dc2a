import Foundation
import KilnCore
import Testing

@Suite struct IdempotencyTests {
    @Test func sameKeyAndBodyReplaysTheOriginal() async throws {
        try await TestServer.run { server in
            let key = [("Idempotency-Key", "order-42")]
            let body = #"{"input":"https://x.com/a.mp4","kind":"video","options":{"width":640,"quality":"low"},"metadata":{"order":42}}"#
            let first = try await server.client.post("/jobs", body, headers: key)
            #expect(first.status == 201)

            let replay = try await server.client.post("/jobs", body, headers: key)
            #expect(replay.status == 200)
            #expect(replay.text == first.text)
            #expect(replay.header("Idempotent-Replayed") == "true")

            // The same JSON written differently is the same request.
            let reordered = #"{ "metadata": {"order": 42}, "kind": "video", "options": {"quality":"low","width":640}, "input": "https://x.com/a.mp4" }"#
            let replayReordered = try await server.client.post("/jobs", reordered, headers: key)
            #expect(replayReordered.status == 200 && replayReordered.text == first.text)

            let conflict = try await server.client.post("/jobs", #"{"input":"https://x.com/b.mp4","kind":"video"}"#, headers: key)
            #expect(conflict.status == 409 && conflict.errorKind == "idempotency_key_reused")

            let other = try await server.client.post("/jobs", body, headers: [("Idempotency-Key", "order-43")])
            #expect(other.status == 201)
            #expect(try other.json["id"] != first.json["id"])

            guard case .array(let jobs) = try await server.client.get("/jobs").json else { throw TestFailure("array") }
            #expect(jobs.count == 2)

            // Keys belong to a project.
            let otherProject = try await server.store.createAPIKey(projectName: "p2", name: nil, now: KilnClock.system.nowMillis())
            #expect(try await server.client.post("/jobs", body, headers: key, apiKey: otherProject.secret).status == 201)

            // An invalid request is not remembered.
            let bad = try await server.client.post("/jobs", #"{"kind":"video"}"#, headers: [("Idempotency-Key", "bad-1")])
            #expect(bad.status == 400)
            #expect(try await server.client.post("/jobs", body, headers: [("Idempotency-Key", "bad-1")]).status == 201)
        }
    }

    @Test func concurrentRetriesCreateOneJob() async throws {
        try await TestServer.run { server in
            let body = #"{"input":"https://x.com/a.mp4","kind":"image"}"#
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await server.client.post("/jobs", body, headers: [("Idempotency-Key", "retry")]).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 200 }.count == 19)
            guard case .array(let jobs) = try await server.client.get("/jobs").json else { throw TestFailure("array") }
            #expect(jobs.count == 1)
        }
    }

    @Test func keysExpireAfter24Hours() async throws {
        let now = ManualClock(1_800_000_000_000)
        let clock = KilnClock { now.millis }
        try await TestServer.run(clock: clock) { (server: TestServer) async throws in
            let key = [("Idempotency-Key", "daily")]
            let body = #"{"input":"https://x.com/a.mp4","kind":"audio"}"#
            #expect(try await server.client.post("/jobs", body, headers: key).status == 201)
            now.advance(by: 24 * 3600 * 1000 - 1)
            #expect(try await server.client.post("/jobs", body, headers: key).status == 200)
            now.advance(by: 2)
            #expect(try await server.client.post("/jobs", body, headers: key).status == 201)
            #expect(try await server.client.post("/jobs", #"{"input":"https://x.com/other.mp4","kind":"audio"}"#, headers: key).status == 409)
        }
    }
}

final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64
    init(_ value: Int64) { self.value = value }
    var millis: Int64 { lock.withLock { value } }
    func advance(by delta: Int64) { lock.withLock { value += delta } }
}
