import ArgumentParser
import KilnAPI

/// How long `kiln serve` gives a client for each part of a request, and a shutdown for the
/// requests in flight.
struct HTTPOptions: ParsableArguments {
    @Option(name: .customLong("header-timeout"), help: "Seconds from a request's first byte to the end of its header (env KILN_HEADER_TIMEOUT, default 10).")
    var headerTimeout: Int?

    @Option(name: .customLong("body-timeout"), help: "Seconds from the end of a request's header to the end of its body (env KILN_BODY_TIMEOUT, default 60).")
    var bodyTimeout: Int?

    @Option(name: .customLong("idle-timeout"), help: "Seconds a kept-alive connection may wait for its next request (env KILN_IDLE_TIMEOUT, default 75).")
    var idleTimeout: Int?

    @Option(name: .customLong("shutdown-deadline"), help: "Seconds SIGTERM waits for requests in flight before dropping them and exiting (env KILN_SHUTDOWN_DEADLINE, default 25).")
    var shutdownDeadline: Int?

    func validate() throws {
        for (name, value) in [("header-timeout", headerTimeout), ("body-timeout", bodyTimeout), ("idle-timeout", idleTimeout), ("shutdown-deadline", shutdownDeadline)] {
            if let value, value < 1 { throw ValidationError("--\(name) must be 1 second or more") }
        }
    }

    /// The limits: flags first, then the environment, then the defaults.
    func limits(_ environment: [String: String]) throws -> HTTPLimits {
        var limits = HTTPLimits()
        func seconds(_ flag: Int?, _ name: String) throws -> Duration? {
            if let flag { return .seconds(flag) }
            guard let value = environment[name], !value.isEmpty else { return nil }
            guard let seconds = Int(value), seconds >= 1 else { throw ValidationError("\(name) must be a whole number of seconds, 1 or more") }
            return .seconds(seconds)
        }
        limits.headerTimeout = try seconds(headerTimeout, "KILN_HEADER_TIMEOUT") ?? limits.headerTimeout
        limits.bodyTimeout = try seconds(bodyTimeout, "KILN_BODY_TIMEOUT") ?? limits.bodyTimeout
        limits.idleTimeout = try seconds(idleTimeout, "KILN_IDLE_TIMEOUT") ?? limits.idleTimeout
        limits.shutdownDeadline = try seconds(shutdownDeadline, "KILN_SHUTDOWN_DEADLINE") ?? limits.shutdownDeadline
        return limits
    }
}
