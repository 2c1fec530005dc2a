import Hummingbird
import KilnCore
import Synchronization

/// The paths the router serves and the methods each takes, so that a method the router was never
/// told of (QUERY, PROPFIND…) on a known path is `405` with `Allow`, as any other method is, and
/// not "no such route".
final class RouteMethods: Sendable {
    private let routes = Mutex<[(pattern: [Substring], allow: [String])]>([])

    /// `path` as registered: literal segments, `:name` for one segment, `**` for the rest.
    func add(_ path: String, allow: [String]) {
        routes.withLock { $0.append((path.split(separator: "/"), allow)) }
    }

    /// The methods `path` takes, or nil when no route has it.
    func allowed(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in routes.first { Self.matches($0.pattern, segments) }?.allow }
    }

    private static func matches(_ pattern: [Substring], _ segments: [Substring]) -> Bool {
        for (index, part) in pattern.enumerated() {
            if part == "**" { return segments.count > index }
            guard index < segments.count, part.hasPrefix(":") || part == segments[index] else { return false }
        }
        return pattern.count == segments.count
    }
}

/// Answers a method outside those the route table registers with `405` on a known path.
struct UnknownMethodMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !RouteTable<Router<Context>>.methods.contains(request.method), let allow = routes.allowed(for: request.uri.path) else {
            return try await next(request, context)
        }
        var response = Response.error(.methodNotAllowed(request.method.rawValue, allowed: allow))
        response.headers[.allow] = allow.joined(separator: ", ")
        return response
    }
}
