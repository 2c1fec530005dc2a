import Foundation
import KilnAPI
import KilnCore
import KilnMedia
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import ServiceLifecycle

/// A real Kiln API on a free loopback port, in-process, with its own SQLite file.
struct TestServer: Sendable {
    let client: HTTPTestClient
    let store: SQLiteJobStore
    let apiKey: String
    let directory: URL

    var baseURL: String { client.baseURL }

    static let publicURL = "http://kiln.test"

    /// Workers for tests that run jobs: the media server on 127.0.0.1 is the one private host
    /// they may fetch from, so the address guard stays on for everything else.
    struct Pipeline: Sendable {
        var workers = 1
        var policy = AddressPolicy(allowPrivate: false, allowedHosts: ["127.0.0.1"])
        var limits = InputFetcher.Limits(connectTimeout: .seconds(2), readTimeout: .seconds(2))
    }

    static func run<T: Sendable>(
        clock: KilnClock = .system, pipeline: Pipeline? = nil, _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
        let key = try await store.createAPIKey(projectName: "default", name: "test", now: KilnClock.system.nowMillis())
        let logger = {
            var logger = Logger(label: "kiln-test")
            logger.logLevel = .warning
            return logger
        }()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        // Links carry the public URL; tests follow them by path and query.
        let wake = WakeSignal()
        let cancellations = JobCancellations()
        let filesRoot = directory.appendingPathComponent("files").path
        let env = APIEnvironment(
            store: store, clock: clock, publicURL: TestServer.publicURL, filesRoot: filesRoot, jobCreated: { wake.notify() },
            jobCancelled: { cancellations.cancel($0) }
        )
        var workerPool: WorkerPool?
        if let pipeline {
            let settings = PipelineSettings(
                workers: pipeline.workers, leaseMillis: 10_000, scratchRoot: directory.appendingPathComponent("scratch").path,
                fetchLimits: pipeline.limits, addressPolicy: pipeline.policy
            )
            let runner = JobRunner(
                store: store, ffmpeg: FFmpeg(), files: LocalStore(root: filesRoot, publicURL: TestServer.publicURL),
                clock: clock, settings: settings, logger: logger, cancellations: cancellations
            )
            workerPool = WorkerPool(runner: runner, wake: wake, nodeID: "test")
        }
        let services: [any Service] = workerPool.map { [$0] } ?? []
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                let app = KilnServer.application(env, host: "127.0.0.1", port: 0, services: services, logger: logger) { port in
                    portContinuation.yield(port)
                }
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("server did not start") }
            let server = TestServer(
                client: HTTPTestClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key.secret),
                store: store, apiKey: key.secret, directory: directory
            )
            let result = try await body(server)
            group.cancelAll()
            return result
        }
    }
}

enum TemporaryDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
