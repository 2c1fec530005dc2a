import Foundation
import KilnAPI
import KilnCore
import KilnIntelligence
import KilnMedia
import KilnNode
import KilnObservability
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import ServiceLifecycle

/// A real Kiln API on a free loopback port, in-process, with its own SQLite file.
struct TestServer: Sendable {
    let client: HTTPTestClient
    let store: any JobStore
    let apiKey: String
    let directory: URL

    var baseURL: String { client.baseURL }

    static let publicURL = "http://kiln.test"

    /// Workers for tests that run jobs: the media server on 127.0.0.1 is the one private host
    /// they may fetch from, so the address guard stays on for everything else.
    struct Pipeline: Sendable {
        var workers = 1
        /// Workers for still-image runs beside `workers`; nil leaves the node's default (two a core).
        var lightWorkers: Int?
        var policy = AddressPolicy(allowPrivate: false, allowedHosts: ["127.0.0.1"])
        var limits = InputFetcher.Limits(connectTimeout: .seconds(2), readTimeout: .seconds(2))
        /// Where results go; nil keeps them in the server's files directory.
        var results: ResultStorage?
        var webhooks = WebhookDeliverer.Settings(timeout: .seconds(2))
        var maximumInputPixels = PipelineSettings.defaultMaximumInputPixels
        /// The analysis engines, checked at start as `kiln serve` checks them.
        var engines = AnalysisEngines.standard
    }

    /// `metrics` says who may read `/metrics`; with `logs`, the server logs every line at
    /// `info` as JSON into that sink (otherwise warnings and worse as text).
    static func run<T: Sendable>(
        clock: KilnClock = .system, pipeline: Pipeline? = nil, reachablePublicURL: Bool = false,
        existing: Existing? = nil, metrics: MetricsSettings = MetricsSettings(), logs: JSONLineSink? = nil,
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        // Links and output URLs carry the public URL. Most tests follow them by path; a test whose
        // client fetches outputs needs the real address, so the port is chosen up front.
        let fixedPort = reachablePublicURL ? try FreePort.pick() : 0
        let publicURL = existing?.publicURL ?? (reachablePublicURL ? "http://127.0.0.1:\(fixedPort)" : TestServer.publicURL)
        let directory = try existing?.directory ?? TemporaryDirectory.make()
        defer { if existing == nil { try? FileManager.default.removeItem(at: directory) } }
        let store = try existing?.store ?? SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
        let secret: String
        if let existing { secret = existing.apiKey } else {
            secret = try await store.createAPIKey(projectName: "default", name: "test", now: KilnClock.system.nowMillis()).secret
        }
        let logger = {
            guard let logs else {
                var logger = Logger(label: "kiln-test")
                logger.logLevel = .warning
                return logger
            }
            var logger = Logger(label: "kiln-test") { JSONLogHandler(label: $0, sink: logs) }
            logger.logLevel = .info
            return logger
        }()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let secrets = try SecretBox.forDataDirectory(directory.path, secret: nil)
        let filesRoot = directory.appendingPathComponent("files").path
        var settings = PipelineSettings(
            workers: pipeline?.workers ?? 0, leaseMillis: 10_000, scratchRoot: directory.appendingPathComponent("scratch").path,
            fetchLimits: pipeline?.limits ?? .init(), addressPolicy: pipeline?.policy ?? .init()
        )
        settings.maximumInputPixels = pipeline?.maximumInputPixels ?? settings.maximumInputPixels
        settings.lightWorkers = pipeline?.lightWorkers ?? settings.lightWorkers
        var nodeSettings = NodeSettings(
            nodeID: "test", publicURL: publicURL, filesRoot: filesRoot,
            results: pipeline?.results ?? .local(LocalStore(root: filesRoot, publicURL: publicURL)),
            pipeline: settings, secrets: secrets, engines: pipeline?.engines ?? .standard,
            webhooks: pipeline?.webhooks ?? .init(), clock: clock, logger: logger, metrics: metrics
        )
        if pipeline != nil { nodeSettings = await nodeSettings.checkingEngines() }
        let node = Node(nodeSettings, store: store)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                let app = node.application(host: "127.0.0.1", port: fixedPort) { port in
                    portContinuation.yield(port)
                }
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("server did not start") }
            let server = TestServer(
                client: HTTPTestClient(baseURL: "http://127.0.0.1:\(port)", apiKey: secret),
                store: store, apiKey: secret, directory: directory
            )
            let result = try await body(server)
            group.cancelAll()
            return result
        }
    }
}

extension TestServer {
    /// A server over data written before: its store, data directory, public URL and a key it knows.
    struct Existing: Sendable {
        var store: any JobStore
        var directory: URL
        var publicURL: String
        var apiKey: String
    }
}

enum TemporaryDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

enum FreePort {
    /// A port that was free a moment ago.
    static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
