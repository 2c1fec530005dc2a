import AsyncHTTPClient
import Foundation
import Hummingbird
import KilnAPI
import KilnCore
import KilnIntelligence
import KilnMedia
import KilnObservability
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import ServiceLifecycle

/// What a node is made of, from its settings: the one place where store, storage, fetcher, engines,
/// runner, workers and API are put together. `kiln serve`, `kiln worker`, the local command line
/// and the tests all build their node here.
public struct Node: Sendable {
    public let store: any JobStore
    public let executor: RunExecutor
    public let wake: WakeSignal
    public let cancellations: JobCancellations
    public let environment: APIEnvironment
    /// The long-running parts: the workers, and on a shared database the announcements.
    public let services: [any Service]
    public let settings: NodeSettings
    public let metrics: NodeMetrics
    let httpClient: HTTPClient

    public init(_ settings: NodeSettings, store: any JobStore, shared: PostgresJobStore? = nil) {
        self.settings = settings
        self.store = store
        let wake = WakeSignal()
        let cancellations = JobCancellations()
        let metrics = NodeMetrics()
        // One HTTP client for every fetch of this node (its redirects are followed by hand, hop
        // by hop through the address guard).
        let httpClient = InputFetcher.makeClient(limits: settings.pipeline.fetchLimits)
        let connections = settings.connections
            ?? settings.secrets.map { StorageConnections.live(store: store, secrets: $0, httpClient: httpClient, clock: settings.clock) } ?? .none
        let fetcher = InputFetcher(
            policy: settings.pipeline.addressPolicy, limits: settings.pipeline.fetchLimits,
            allowsLocalFiles: settings.pipeline.allowsLocalFiles, httpClient: httpClient
        )
        let effects = NodeEffects.live(
            ffmpeg: FFmpeg(), fetcher: fetcher,
            results: settings.results, connections: connections, clock: settings.clock, logger: settings.logger,
            maximumInputBytes: settings.pipeline.fetchLimits.maximumBytes, maximumInputPixels: settings.pipeline.maximumInputPixels,
            metrics: metrics, engines: settings.engines
        )
        // Wakes the deliverer the moment a change wrote events, so a job's end reaches its
        // webhooks without waiting for the next look.
        let deliveries = WakeSignal()
        let executor = RunExecutor(
            store: store, effects: effects, registry: settings.registry, settings: settings.pipeline, cancellations: cancellations,
            observe: { _ in deliveries.notify() }
        )
        var services: [any Service] = [HTTPClientService(client: httpClient)]
        if let shared { services.append(StoreAnnouncements(store: shared, wake: wake, cancellations: cancellations)) }
        services.append(WorkerPool(executor: executor, wake: wake, nodeID: settings.nodeID))
        if let secrets = settings.secrets, settings.webhooks.enabled {
            services.append(WebhookDeliverer(
                store: store, secrets: secrets, addressGuard: fetcher, httpClient: httpClient, clock: settings.clock,
                logger: settings.logger, wake: deliveries, settings: settings.webhooks
            ))
        }
        let exposition = MetricsExposition.node(metrics, store: store, clock: settings.clock, token: settings.metrics.token)
        if let port = settings.metrics.port {
            services.append(KilnServer.metricsApplication(
                exposition, host: settings.metrics.host, port: port, logger: settings.logger, onServerRunning: settings.metrics.onListening
            ))
        }
        self.httpClient = httpClient
        self.metrics = metrics
        self.wake = wake
        self.cancellations = cancellations
        self.executor = executor
        self.services = services
        environment = APIEnvironment(
            store: store, clock: settings.clock, publicURL: settings.publicURL, filesRoot: settings.filesRoot,
            jobCreated: { run in
                wake.notify(NewWork(run))
                deliveries.notify()
            },
            deliveriesQueued: { deliveries.notify() },
            jobCancelled: { run in
                cancellations.cancel(run.id)
                deliveries.notify()
                await executor.removeRunFiles(run)
            },
            secrets: settings.secrets,
            catalog: settings.registry.catalog.marking(missing: settings.missingEngines), metrics: metrics,
            // Without a token the API port keeps metrics to itself: they are the node's, not a project's.
            metricsExposition: settings.metrics.token == nil ? nil : exposition
        )
    }

    /// Shuts the node's HTTP client down, for a node whose services never ran (the local command line).
    public func shutdown() async {
        try? await httpClient.shutdown()
    }

    /// The HTTP API with this node's services, on `host:port` (0 picks a free port).
    public func application(
        host: String, port: Int, limits: HTTPLimits = HTTPLimits(), onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        KilnServer.application(
            environment, host: host, port: port, limits: limits, services: services, logger: settings.logger, onServerRunning: onServerRunning
        )
    }
}

/// A node's settings.
public struct NodeSettings: Sendable {
    public var nodeID: String
    /// The base of URLs the node hands out.
    public var publicURL: String
    /// Where `GET /files/…` serves from, for results kept on this disk.
    public var filesRoot: String?
    public var results: ResultStorage
    public var pipeline: PipelineSettings
    /// Seals connection secrets; nil on a node without saved connections (the local command line).
    public var secrets: SecretBox?
    /// How runs reach S3 for their inputs and outputs; nil opens the project's saved connections.
    public var connections: StorageConnections?
    public var registry: StepRegistry
    /// The engines of the analysis kinds (speech), and what `checkingEngines()` found missing.
    public var engines: AnalysisEngines
    public var missingEngines: [StepKind: String] = [:]
    public var webhooks: WebhookDeliverer.Settings
    public var clock: KilnClock
    public var logger: Logger
    public var metrics: MetricsSettings

    public init(
        nodeID: String = IDSource.live().make(.worker), publicURL: String, filesRoot: String?, results: ResultStorage,
        pipeline: PipelineSettings, secrets: SecretBox?, connections: StorageConnections? = nil, registry: StepRegistry = .standard,
        engines: AnalysisEngines = .standard, webhooks: WebhookDeliverer.Settings = .init(), clock: KilnClock = .system, logger: Logger, metrics: MetricsSettings = MetricsSettings()
    ) {
        self.metrics = metrics
        self.webhooks = webhooks
        self.nodeID = nodeID
        self.publicURL = publicURL
        self.filesRoot = filesRoot
        self.results = results
        self.pipeline = pipeline
        self.secrets = secrets
        self.connections = connections
        self.registry = registry
        self.engines = engines
        self.clock = clock
        self.logger = logger
    }
}

extension NodeSettings {
    /// Checks once the engines the kinds need and logs a line for each one missing, saying how
    /// to install it; the node's API then refuses those kinds with `kind_unavailable`.
    public func checkingEngines() async -> NodeSettings {
        var checked = self
        checked.missingEngines = await registry.missingEngines(engines)
        for (kind, missing) in checked.missingEngines.sorted(by: { $0.key < $1.key }) {
            logger.warning("\(kind.rawValue) is unavailable on this node: it needs \(missing)")
        }
        return checked
    }
}
