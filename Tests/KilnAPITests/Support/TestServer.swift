import Foundation
import KilnAPI
import KilnCore
import KilnStore
import Logging

/// A real Kiln API on a free loopback port, in-process, with its own SQLite file.
struct TestServer: Sendable {
    let client: HTTPTestClient
    let store: SQLiteJobStore
    let apiKey: String
    let directory: URL

    var baseURL: String { client.baseURL }

    static let publicURL = "http://kiln.test"

    static func run<T: Sendable>(
        clock: KilnClock = .system, _ body: @Sendable (TestServer) async throws -> T
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
        let env = APIEnvironment(store: store, clock: clock, publicURL: TestServer.publicURL)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                let app = KilnServer.application(env, host: "127.0.0.1", port: 0, logger: logger) { port in
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
