import ArgumentParser
import Foundation
import KilnAPI
import KilnCore
import KilnMedia
import KilnPipeline
import KilnStorage
import KilnStore
import Logging

/// `kiln serve`: the API (and, with the pipeline, its workers) on the embedded default.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API with its state in a data directory (SQLite + local files).",
        discussion: """
            Every flag can also be set in the environment (KILN_HOST, KILN_PORT, KILN_DATA,
            KILN_PUBLIC_URL, KILN_API_KEY). SIGTERM or SIGINT shuts down gracefully.
            Example:
              KILN_API_KEY=secret kiln serve --host 0.0.0.0 --port 9000 --public-url https://media.example.com
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

    @Option(help: "Jobs run in parallel by this server; 0 runs none (env KILN_WORKERS, default half the cores, at least 1).")
    var workers: Int?

    @OptionGroup var inputs: InputOptions

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL, default info).")
    var logLevel: String?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535") }
        if let workers, workers < 0 { throw ValidationError("--workers must be 0 or more") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["KILN_HOST"] ?? "127.0.0.1"
        let port = port ?? environment["KILN_PORT"].map({ Int($0) ?? -1 }) ?? 8080
        guard (0...65535).contains(port) else {
            throw ValidationError("KILN_PORT must be a port number 0–65535")
        }
        let level = Logger.Level(rawValue: logLevel ?? environment["LOG_LEVEL"] ?? "info") ?? .info
        var logger = Logger(label: "kiln")
        logger.logLevel = level

        let dataDirectory = DataDirectory(data)
        let store = try dataDirectory.openStore()
        let clock = KilnClock.system
        if let key = environment["KILN_API_KEY"], !key.isEmpty {
            try await store.ensureAPIKey(secret: key, projectName: "default", now: clock.nowMillis())
        }
        if try await store.activeAPIKeyCount() == 0 {
            let created = try await store.createAPIKey(projectName: "default", name: "first key", now: clock.nowMillis())
            Console.line("Created an API key for the default project (shown only this once):\n\n    \(created.secret)\n")
            Console.line("Use it as:  curl -H \"Authorization: Bearer \(created.secret)\" http://\(host):\(port)/jobs\n")
        }

        let workerCount = try workers ?? environment["KILN_WORKERS"].map { value in
            guard let count = Int(value), count >= 0 else { throw ValidationError("KILN_WORKERS must be 0 or more") }
            return count
        } ?? PipelineSettings.defaultWorkers

        let configuredURL = publicURL ?? environment["KILN_PUBLIC_URL"]
        let baseURL = configuredURL ?? "http://\(host):\(port)"
        let files = LocalStore(root: dataDirectory.filesPath, publicURL: baseURL)
        let wake = WakeSignal()
        let settings = PipelineSettings(
            workers: workerCount, scratchRoot: dataDirectory.scratchPath,
            fetchLimits: try inputs.limits(environment), addressPolicy: inputs.policy(environment)
        )
        // Single node: whatever was processing when the last server stopped runs again now, and
        // the encoders a killed server left running are ended.
        try await store.expireAllLeases(now: clock.nowMillis())
        let orphans = OrphanedProcesses.kill(under: dataDirectory.scratchPath)
        if !orphans.isEmpty { logger.warning("ended \(orphans.count) encoder(s) left running by a server that was killed") }
        let cancellations = JobCancellations()
        let secrets = try SecretBox.forDataDirectory(dataDirectory.path, secret: environment["KILN_SECRET_KEY"])
        let runner = JobRunner(
            store: store, ffmpeg: FFmpeg(), files: files, clock: clock, settings: settings, logger: logger,
            cancellations: cancellations, connections: .live(store: store, secrets: secrets)
        )
        let pool = WorkerPool(runner: runner, wake: wake, nodeID: IDSource.live().make(.worker))
        let env = APIEnvironment(
            store: store, clock: clock, publicURL: baseURL, filesRoot: dataDirectory.filesPath, jobCreated: { wake.notify() },
            jobCancelled: { cancellations.cancel($0) },
            secrets: secrets
        )
        let app = KilnServer.application(env, host: host, port: port, services: [pool], logger: logger) { boundPort in
            Console.line("kiln listening on http://\(host):\(boundPort) (data: \(dataDirectory.path))")
        }
        try await app.runService()
    }
}
