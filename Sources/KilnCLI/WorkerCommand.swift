import ArgumentParser
import Foundation
import KilnCore
import KilnMedia
import KilnNode
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import ServiceLifecycle

/// `kiln worker`: a node that only runs jobs, from the PostgreSQL database API nodes write to.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run jobs from a shared PostgreSQL database (a worker node, no HTTP API).",
        discussion: """
            Start API nodes with `kiln serve --database postgres://…` and as many
            workers as you like, on this machine or others. Workers on other
            machines need --storage s3://…; on one machine they may share the API
            node's --data directory instead. SIGTERM or SIGINT hands the jobs in
            progress back to the queue and exits.
            Example:
              export KILN_DATABASE_URL=postgres://kiln:pw@db:5432/kiln
              export KILN_SECRET_KEY=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
              kiln worker --storage s3://media/kiln --metrics-port 9091
            """
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var storage: StorageOptions

    @Option(help: "Data directory: scratch space, and results when there is no --storage (env KILN_DATA, default ./kiln-data).")
    var data: String?

    @Option(name: .customLong("public-url"), help: "Base URL of the API nodes, for results kept in the data directory (env KILN_PUBLIC_URL, default http://127.0.0.1:8080).")
    var publicURL: String?

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var inputs: InputOptions

    @OptionGroup var observability: ObservabilityOptions

    @OptionGroup var engines: EngineOptions

    func validate() throws {
        if observability.metricsToken != nil, observability.metricsPort == nil {
            throw ValidationError("a worker has no API port: serve its metrics with --metrics-port (the token then guards that port)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = database.url(environment) else {
            throw ValidationError("kiln worker needs --database postgres://… (or KILN_DATABASE_URL): workers share the API nodes' database")
        }
        let logger = try observability.logger(environment)
        let metrics = try observability.metrics(environment)
        let dataDirectory = DataDirectory(data)
        try dataDirectory.create()
        let baseURL = try PublicURL.resolve(publicURL, environment: environment, default: "http://127.0.0.1:8080")
        let results = try storage.results(files: LocalStore(root: dataDirectory.filesPath, publicURL: baseURL), environment: environment)
        var settings = try pipeline.settings(inputs: inputs, scratchRoot: dataDirectory.scratchPath, environment: environment)
        guard settings.workers > 0 else { throw ValidationError("a worker node needs --workers 1 or more") }
        let secrets = try ServeCommand.secrets(dataDirectory, environment: environment, shared: true)

        try await DatabaseOptions.withPostgres(url, logger: logger) { store in
            let nodeID = IDSource.live().make(.worker)
            let scratch = try NodeScratch.claim(root: dataDirectory.scratchPath, nodeID: nodeID, logger: logger)
            settings.scratchRoot = scratch.path
            let node = Node(
                await NodeSettings(
                    nodeID: nodeID, publicURL: baseURL, filesRoot: nil, results: results, pipeline: settings, secrets: secrets,
                    engines: engines.engines(environment, cacheDirectory: dataDirectory.modelsPath),
                    webhooks: .init(enabled: try pipeline.deliversWebhooks(environment)), logger: logger,
                    metrics: metrics
                ).checkingEngines(),
                store: store, shared: store
            )
            let group = ServiceGroup(configuration: .init(
                services: node.services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
            Console.line("kiln worker \(nodeID) running up to \(settings.workers) job(s) at a time, \(settings.lightWorkers) more of still images (results: \(Self.describe(results)))")
            try await group.run()
            withExtendedLifetime(scratch) {}
        }
    }

    private static func describe(_ results: ResultStorage) -> String {
        switch results {
        case .local(let files): files.root
        case .s3(_, let bucket, let prefix): "s3://\(bucket)/\(prefix)"
        }
    }
}
