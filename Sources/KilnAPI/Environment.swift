import KilnCore
import KilnObservability
import KilnStore

/// What the API needs from the outside world, gathered so tests can swap any of it.
public struct APIEnvironment: Sendable {
    public var store: any JobStore
    public var clock: KilnClock
    public var ids: IDSource
    /// The base of URLs the server hands out (`Link` headers, file URLs), without a trailing slash.
    public var publicURL: String
    /// Called after a run (a job, a standalone task) is accepted, to wake the workers that may claim it.
    public var jobCreated: @Sendable (Run) -> Void
    /// Called after events are queued for delivery again, to wake the deliverer.
    public var deliveriesQueued: @Sendable () -> Void
    /// The directory `GET /files/…` serves published outputs from.
    public var filesRoot: String?
    /// Tells this process's worker running a job that it was cancelled, and removes what the job
    /// published (no worker may be running it to do so: all busy, or this node runs none).
    public var jobCancelled: @Sendable (Run) async -> Void
    /// Seals connection secrets before they are stored.
    public var secrets: SecretBox?
    /// The step kinds this node knows: what `POST /tasks` validates with and the OpenAPI document lists.
    public var catalog: StepCatalog
    /// Where requests, created jobs and cancels are counted.
    public var metrics: NodeMetrics
    /// `GET /metrics` on this port; nil answers that metrics are served elsewhere.
    public var metricsExposition: MetricsExposition?
    /// Rendered bodies of finished jobs, shared by every copy of the environment.
    let finishedJobs = FinishedJobBodies()

    public init(
        store: any JobStore, clock: KilnClock = .system, ids: IDSource = .live(), publicURL: String,
        filesRoot: String? = nil, jobCreated: @escaping @Sendable (Run) -> Void = { _ in },
        deliveriesQueued: @escaping @Sendable () -> Void = {},
        jobCancelled: @escaping @Sendable (Run) async -> Void = { _ in }, secrets: SecretBox? = nil,
        catalog: StepCatalog = .builtIn, metrics: NodeMetrics = NodeMetrics(), metricsExposition: MetricsExposition? = nil
    ) {
        self.metrics = metrics
        self.metricsExposition = metricsExposition
        self.catalog = catalog
        self.secrets = secrets
        self.jobCancelled = jobCancelled
        self.filesRoot = filesRoot
        self.store = store
        self.clock = clock
        self.ids = ids
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.jobCreated = jobCreated
        self.deliveriesQueued = deliveriesQueued
    }
}
