import KilnAPI
import KilnCore
import KilnObservability
import KilnStore

/// Who may read a node's metrics, and where.
public struct MetricsSettings: Sendable {
    /// The bearer token `GET /metrics` needs. With it, the API port serves metrics too.
    public var token: String?
    /// A port of their own, on `host`; 0 picks a free one. nil: none.
    public var port: Int?
    /// Loopback unless told otherwise: the metrics port has no token unless one is set.
    public var host: String
    /// Called with the metrics port once it listens.
    public var onListening: @Sendable (Int) async -> Void

    public init(token: String? = nil, port: Int? = nil, host: String = "127.0.0.1", onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.token = token
        self.port = port
        self.host = host
        self.onListening = onListening
    }

    public static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]
}

extension MetricsExposition {
    /// The node's metrics with the queue gauges read from `store` at each scrape: the queue is
    /// shared by every node, so no node could keep it by counting.
    static func node(_ metrics: NodeMetrics, store: any JobStore, clock: KilnClock, token: String?) -> MetricsExposition {
        MetricsExposition(token: token) {
            let now = clock.nowMillis()
            if let queue = try? await store.queueSummary(now: now) {
                let age = queue.oldestWaitingSince.map { max(0, Double(now - $0) / 1000) } ?? 0
                metrics.queue(depth: queue.depth, oldestAgeSeconds: age)
            }
            return metrics.exposition()
        }
    }
}
