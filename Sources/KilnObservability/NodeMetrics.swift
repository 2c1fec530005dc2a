import CoreMetrics
import Prometheus

/// A node's metrics, recorded through swift-metrics into a Prometheus registry of the node's own
/// (not the process-wide `MetricsSystem`: the tests run several nodes in one process, and the
/// command line's local pipeline must not report as a server). `GET /metrics` is `exposition()`.
public final class NodeMetrics: Sendable {
    /// The metric names, each listed in the README's Metrics section.
    public enum Name {
        public static let requests = "kiln_http_requests_total"
        public static let requestDuration = "kiln_http_request_duration_seconds"
        public static let jobsCreated = "kiln_jobs_created_total"
        public static let jobsFinished = "kiln_jobs_finished_total"
        public static let queueDepth = "kiln_queue_depth"
        public static let queueOldestAge = "kiln_queue_oldest_age_seconds"
        public static let taskDuration = "kiln_task_duration_seconds"
        public static let encodeSpeed = "kiln_encode_speed_ratio"
        public static let fetchedBytes = "kiln_fetched_bytes_total"
        public static let exportedBytes = "kiln_exported_bytes_total"
        public static let workers = "kiln_workers"
    }

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Tasks run from a fraction of a second (a probe) to an hour (a long encode).
        factory.durationHistogramBuckets[Name.taskDuration] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600].map { Duration.milliseconds(Int64($0 * 1000)) }
        // × real time: below 1 an encode takes longer than the media lasts.
        factory.valueHistogramBuckets[Name.encodeSpeed] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128]
        self.factory = factory
        // Series a dashboard expects from the first scrape, before anything happened.
        for kind in ["video", "audio", "image", "animation", "adaptive_video"] {
            Counter(label: Name.jobsCreated, dimensions: [("kind", kind)], factory: factory).increment(by: 0)
        }
        queue(depth: 0, oldestAgeSeconds: 0)
        for state in ["busy", "idle"] { worker(state).set(0) }
    }

    // MARK: HTTP

    /// One answered request; `route` is the matched route's pattern (`/jobs/{id}`), never the raw path.
    public func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        Counter(label: Name.requests, dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory).increment()
        Timer(label: Name.requestDuration, dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    // MARK: Jobs and tasks

    public func jobCreated(kind: String) {
        Counter(label: Name.jobsCreated, dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// A job reached `succeeded`, `failed` or `cancelled`.
    public func jobFinished(kind: String, status: String) {
        Counter(label: Name.jobsFinished, dimensions: [("kind", kind), ("status", status)], factory: factory).increment()
    }

    /// A task (a job's step or a standalone task) ended after running for `duration`.
    public func taskFinished(kind: String, status: String, duration: Duration) {
        Timer(label: Name.taskDuration, dimensions: [("kind", kind), ("status", status)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// An encode of `mediaSeconds` of media that took `duration`: its speed in × real time.
    public func encoded(kind: String, mediaSeconds: Double, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        guard mediaSeconds > 0, seconds > 0 else { return }
        Recorder(label: Name.encodeSpeed, dimensions: [("kind", kind)], factory: factory).record(mediaSeconds / seconds)
    }

    /// Input bytes read from `source` (`http` or `s3`).
    public func fetched(bytes: Int64, source: String) {
        Counter(label: Name.fetchedBytes, dimensions: [("source", source)], factory: factory).increment(by: bytes)
    }

    /// Result bytes written to `destination` (`local` or `s3`).
    public func exported(bytes: Int64, destination: String) {
        Counter(label: Name.exportedBytes, dimensions: [("destination", destination)], factory: factory).increment(by: bytes)
    }

    // MARK: Gauges

    /// Runs waiting for a worker, and how long the oldest of them has waited.
    public func queue(depth: Int, oldestAgeSeconds: Double) {
        Gauge(label: Name.queueDepth, factory: factory).record(depth)
        Gauge(label: Name.queueOldestAge, factory: factory).record(oldestAgeSeconds)
    }

    /// `count` workers started on this node, waiting for runs.
    public func workersStarted(_ count: Int) {
        worker("idle").increment(by: Double(count))
    }

    /// `count` workers stopped while waiting.
    public func workersStopped(_ count: Int) {
        worker("idle").decrement(by: Double(count))
    }

    /// A worker took a run (`busy`) or finished one (`!busy`).
    public func worker(busy: Bool) {
        worker(busy ? "busy" : "idle").increment()
        worker(busy ? "idle" : "busy").decrement()
    }

    private func worker(_ state: String) -> Meter {
        Meter(label: Name.workers, dimensions: [("state", state)], factory: factory)
    }

    /// The Prometheus text format (version 0.0.4) of every metric.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
