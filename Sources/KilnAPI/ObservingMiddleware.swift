import Foundation
import Hummingbird
import KilnObservability
import Logging

/// Counts and times every request by its route (the pattern it matched, so ids do not make a
/// series each) and status, and logs one line per request. Placed outside `ErrorMiddleware`, it
/// sees the status the client gets.
struct ObservingMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext
    let metrics: NodeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let route = Self.route(context.endpointPath, path: request.uri.path)
        let method = request.method.rawValue
        metrics.requestFinished(method: method, route: route, status: Int(response.status.code), duration: elapsed)
        // The path only: queries carry nothing secret, but no log needs them either.
        context.logger.info("request", metadata: [
            "method": .string(method), "path": .string(request.uri.path), "route": .string(route),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible((elapsed / .milliseconds(1) * 1000).rounded() / 1000),
        ])
        return response
    }

    /// The route's pattern with `{name}` parameters; files by their folder; anything unmatched as one series.
    static func route(_ endpoint: String?, path: String) -> String {
        if let endpoint { return RoutePatterns.shared.pattern(of: endpoint) }
        if path.hasPrefix("/files/") { return "/files/{path}" }
        return "unmatched"
    }
}

/// Route patterns by endpoint: there are a few dozen, and a regular expression per request costs
/// more than the request itself.
final class RoutePatterns: @unchecked Sendable {
    static let shared = RoutePatterns()
    private let lock = NSLock()
    private var patterns: [String: String] = [:]

    func pattern(of endpoint: String) -> String {
        if let known = lock.withLock({ patterns[endpoint] }) { return known }
        let pattern = endpoint.replacing(/:([A-Za-z_]+)/) { "{\($0.output.1)}" }
        lock.withLock { patterns[endpoint] = pattern }
        return pattern
    }
}
