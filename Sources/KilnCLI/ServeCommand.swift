import ArgumentParser
import Foundation
import KilnAPI
import KilnCore
import KilnMedia
import KilnNode
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import ServiceLifecycle

/// `kiln serve`: the API (and, with the pipeline, its workers) on the embedded default.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API and its workers (SQLite and local files, or PostgreSQL and S3).",
        discussion: """
            Every flag can also be set in the environment (KILN_HOST, KILN_PORT,
            KILN_DATA, KILN_PUBLIC_URL, KILN_WORKERS, KILN_STORAGE, KILN_DATABASE_URL,
            KILN_API_KEY …). SIGTERM or SIGINT shuts down gracefully. The
            dashboard is at http://HOST:PORT/; sign in with an API key.
            Examples:
              KILN_API_KEY=secret kiln serve --host 0.0.0.0 --port 9000 \\
                --public-url https://media.example.com
              kiln serve --database postgres://kiln:pw@db/kiln --workers 0 \\
                --storage s3://media/kiln          # an API node of many
              kiln serve --log-format json --metrics-port 9090   # metrics on loopback
              kiln serve --speech-model /models/whisper-small-ct2  # better transcripts
            """
    )

    @Option(help: "Address to listen on (env KILN_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (env KILN_PORT, default 8080).")
    var port: Int?

    @Option(help: "Data directory (env KILN_DATA, default ./kiln-data).")
    var data: String?

    @Option(name: .customLong("public-url"), help: "Base URL clients reach this server at (env KILN_PUBLIC_URL, default http://HOST:PORT).")
    var publicURL: String?

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var inputs: InputOptions

    @OptionGroup var storage: StorageOptions

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var http: HTTPOptions

    @OptionGroup var observability: ObservabilityOptions

    @OptionGroup var engines: EngineOptions

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["KILN_HOST"] ?? "127.0.0.1"
        let port = port ?? environment["KILN_PORT"].map({ Int($0) ?? -1 }) ?? 8080
        guard (0...65535).contains(port) else {
            throw ValidationError("KILN_PORT must be a port number 0–65535")
        }
        let logger = try observability.logger(environment)
        let baseURL = try PublicURL.resolve(publicURL, environment: environment, default: "http://\(host):\(port)")

        let dataDirectory = DataDirectory(data)
        try dataDirectory.create()
        let start = Start(host: host, port: port, baseURL: baseURL, dataDirectory: dataDirectory, environment: environment, logger: logger)
        if let url = database.url(environment) {
            try await DatabaseOptions.withPostgres(url, logger: logger) { store in
                try await serve(start, store: store, shared: store)
            }
        } else {
            try await serve(start, store: try dataDirectory.openStore(), shared: nil)
        }
    }

    /// What `run` settled before choosing the store.
    struct Start {
        let host: String
        let port: Int
        let baseURL: String
        let dataDirectory: DataDirectory
        let environment: [String: String]
        let logger: Logger
    }

    /// Serves the API (and runs workers) on `store`; `shared` is set when other nodes use it too.
    private func serve(_ start: Start, store: any JobStore, shared: PostgresJobStore?) async throws {
        let (host, port, baseURL, dataDirectory, environment, logger) = (start.host, start.port, start.baseURL, start.dataDirectory, start.environment, start.logger)
        let clock = KilnClock.system
        let secrets = try Self.secrets(dataDirectory, environment: environment, shared: shared != nil)
        if let key = environment["KILN_API_KEY"], !key.isEmpty {
            try await store.ensureAPIKey(secret: key, projectName: "default", now: clock.nowMillis())
        }
        if try await store.activeAPIKeyCount() == 0 {
            let created = try await store.createAPIKey(projectName: "default", name: "first key", now: clock.nowMillis())
            Console.line("Created an API key for the default project (shown only this once):\n\n    \(created.secret)\n")
            Console.line("Use it as:  curl -H \"Authorization: Bearer \(created.secret)\" http://\(host):\(port)/jobs")
            Console.line("or sign in with it at http://\(host):\(port)/ (the dashboard).\n")
        }

        let results = try storage.results(files: LocalStore(root: dataDirectory.filesPath, publicURL: baseURL), environment: environment)
        let nodeID = IDSource.live().make(.worker)
        var settings = try pipeline.settings(inputs: inputs, scratchRoot: dataDirectory.scratchPath, environment: environment)
        var scratch: NodeScratch?
        if shared == nil {
            // Single node: whatever was processing when the last server stopped runs again now,
            // and the encoders a killed server left running are ended.
            let now = clock.nowMillis()
            for id in try await store.processingRunIDs() {
                _ = try? await store.transition(runID: id, projectID: nil) { run throws(LifecycleRefusal) in try Lifecycle.expireLease(run, now: now) }
            }
            try await store.releaseDeliveryLeases()
            let orphans = OrphanedProcesses.kill(under: dataDirectory.scratchPath)
            if !orphans.isEmpty { logger.warning("ended \(orphans.count) encoder(s) left running by a server that was killed") }
        } else {
            // Other nodes may share this data directory: each works in a folder of its own, and a
            // dead node's jobs come back through their expired leases.
            let own = try NodeScratch.claim(root: dataDirectory.scratchPath, nodeID: nodeID, logger: logger)
            settings.scratchRoot = own.path
            scratch = own
        }
        let metrics = try observability.metrics(environment)
        // The engines are checked once, here: a kind whose engine is missing is refused by the API.
        let node = Node(
            await NodeSettings(
                nodeID: nodeID, publicURL: baseURL, filesRoot: dataDirectory.filesPath, results: results, pipeline: settings,
                secrets: secrets, engines: engines.engines(environment, cacheDirectory: dataDirectory.modelsPath),
                webhooks: .init(enabled: try pipeline.deliversWebhooks(environment)), clock: clock, logger: logger, metrics: metrics
            ).checkingEngines(),
            store: store, shared: shared
        )
        let limits = try http.limits(environment)
        let app = node.application(host: host, port: port, limits: limits) { boundPort in
            Console.line("kiln listening on http://\(host):\(boundPort) (data: \(dataDirectory.path)\(shared == nil ? "" : ", database: PostgreSQL"))")
        }
        // Services stop last to first: the deadline is armed before the server starts waiting.
        let group = ServiceGroup(
            configuration: .init(
                services: [app, ShutdownDeadline(limits.shutdownDeadline, logger: logger)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        withExtendedLifetime(scratch) {}
    }

    /// The key connection secrets are sealed with. Nodes sharing a database must share it, so
    /// there it has to come from KILN_SECRET_KEY rather than a file of one node.
    static func secrets(_ dataDirectory: DataDirectory, environment: [String: String], shared: Bool) throws -> SecretBox {
        let secret = environment["KILN_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if shared && secret == nil {
            throw ValidationError("with --database, set KILN_SECRET_KEY to the same secret on every node (it encrypts the secrets of storage connections)")
        }
        return try SecretBox.forDataDirectory(dataDirectory.path, secret: secret)
    }
}
