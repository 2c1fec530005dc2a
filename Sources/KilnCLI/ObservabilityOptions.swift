import ArgumentParser
import KilnNode
import KilnObservability
import Logging

/// How a node reports on itself: its logs, and who may read its metrics.
struct ObservabilityOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL, default info).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text, or json for one JSON object a line (env KILN_LOG_FORMAT, default text).")
    var logFormat: String?

    @Option(name: .customLong("metrics-token"), help: "Bearer token that GET /metrics needs; with it the API port serves metrics too (env KILN_METRICS_TOKEN).")
    var metricsToken: String?

    @Option(name: .customLong("metrics-port"), help: "Serve GET /metrics on this port of its own; 0 picks a free one (env KILN_METRICS_PORT).")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "Address of the metrics port (env KILN_METRICS_HOST, default 127.0.0.1); others need --metrics-token.")
    var metricsHost: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if let logFormat, LogFormat(rawValue: logFormat) == nil { throw ValidationError("--log-format must be text or json") }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0–65535") }
        if metricsToken?.isEmpty == true { throw ValidationError("--metrics-token must not be empty") }
    }

    /// The node's logger, from the flags and then the environment.
    func logger(_ environment: [String: String]) throws -> Logger {
        let levelName = logLevel ?? environment["LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }
        let formatName = logFormat ?? environment["KILN_LOG_FORMAT"].flatMap { $0.isEmpty ? nil : $0 } ?? "text"
        guard let format = LogFormat(rawValue: formatName) else { throw ValidationError("KILN_LOG_FORMAT must be text or json") }
        return format.logger(level: level)
    }

    /// Who may read the metrics; the metrics port is announced once it listens. A metrics port
    /// reachable from other machines needs the token.
    func metrics(_ environment: [String: String]) throws -> MetricsSettings {
        let token = metricsToken ?? environment["KILN_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let port = try metricsPort ?? environment["KILN_METRICS_PORT"].flatMap { $0.isEmpty ? nil : $0 }.map { value in
            guard let port = Int(value), (0...65535).contains(port) else { throw ValidationError("KILN_METRICS_PORT must be a port number 0–65535") }
            return port
        }
        let host = metricsHost ?? environment["KILN_METRICS_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        if port != nil, token == nil, !MetricsSettings.loopbackHosts.contains(host) {
            throw ValidationError("--metrics-host \(host) lets other machines read the metrics: set --metrics-token (or KILN_METRICS_TOKEN) too")
        }
        return MetricsSettings(token: token, port: port, host: host) { bound in
            Console.line("kiln metrics on http://\(host):\(bound)/metrics")
        }
    }
}
