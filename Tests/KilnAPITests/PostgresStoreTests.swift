import Foundation
import KilnCore
import KilnStore
import Testing

/// What only the PostgreSQL store does: migrations shared by nodes starting together, and
/// announcements of created and cancelled jobs to every node.
@Suite(.serialized, .enabled(if: TestPostgres.baseURL != nil, "needs the PostgreSQL that scripts/test starts"))
struct PostgresStoreTests {
    @Test func nodesStartingTogetherMigrateOnce() async throws {
        try await TestPostgres.withDatabase { url in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await TestPostgres.withStore(url: url) { _ in } }
                }
                try await group.waitForAll()
            }
            try await TestPostgres.withStore(url: url) { store in
                _ = try await store.createRun(try StoreContractTests.job("p1"), idempotency: nil)
                #expect(try await store.listJobs(projectID: "p1", filter: JobFilter(), page: PageRequest()).items.count == 1)
            }
        }
    }

    @Test func createdAndCancelledJobsAreAnnouncedToListeners() async throws {
        try await TestPostgres.withDatabase { url in
            try await TestPostgres.withStore(url: url) { store in
                let (events, continuation) = AsyncStream<String>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        await store.listen(jobAvailable: { continuation.yield("available \($0)") }, cancelled: { continuation.yield("cancelled \($0)") })
                    }
                    var iterator = events.makeAsyncIterator()
                    #expect(await iterator.next() == "available mayBeLight", "a (re)connected listener's workers all look for work at once")
                    // LISTEN takes effect on the server shortly after the connection opens.
                    try await Task.sleep(for: .milliseconds(300))
                    let job = try StoreContractTests.job("p1")
                    _ = try await store.createRun(job, idempotency: nil)
                    #expect(await iterator.next() == "available heavyOnly", "a video job wakes no light worker")
                    _ = try await store.createRun(try StoreContractTests.job("p1", kind: "image", input: "https://example.com/a.png"), idempotency: nil)
                    #expect(await iterator.next() == "available mayBeLight", "an image job wakes the light workers too")
                    _ = try await store.claim("w", now: StoreContractTests.now)
                    let started = ContinuousClock.now
                    try await store.transition(runID: job.id, projectID: "p1") { run throws(LifecycleRefusal) in
                        try Lifecycle.cancel(run, now: StoreContractTests.now + 1)
                    }
                    #expect(await iterator.next() == "cancelled \(job.id)")
                    #expect(ContinuousClock.now - started < .seconds(1), "a cancel reaches listeners within a second")
                    group.cancelAll()
                }
            }
        }
    }
}
