import HTTPTypes
import Hummingbird
import KilnCore

/// Registers a path's handlers and answers every other method on it with `405
/// method_not_allowed` (and an `Allow` header) instead of a misleading 404.
struct RouteTable<Router: RouterMethods<KilnRequestContext>> {
    typealias Handler = @Sendable (Request, KilnRequestContext) async throws -> Response
    let router: Router
    /// Where each path's methods are recorded, for methods the router is never told of.
    let methods: RouteMethods

    /// Every method a client may send to a known path; OPTIONS and TRACE are not served either
    /// (no CORS pre-flight, no echo of the request).
    static var methods: [HTTPRequest.Method] { [.get, .post, .put, .patch, .delete, .head, .options, .trace] }

    func path(_ text: String, _ handlers: [HTTPRequest.Method: Handler]) {
        let path = RouterPath(text)
        var allowed = handlers.keys.map(\.rawValue).sorted()
        if handlers[.get] != nil, handlers[.head] == nil { allowed.append("HEAD") }
        methods.add(text, allow: allowed)
        for (method, handler) in handlers {
            router.on(path, method: method, use: handler)
        }
        for method in Self.methods where handlers[method] == nil && !(method == .head && handlers[.get] != nil) {
            let allowList = allowed
            router.on(path, method: method) { _, _ -> Response in
                var response = Response.error(.methodNotAllowed(method.rawValue, allowed: allowList))
                response.headers[.allow] = allowList.joined(separator: ", ")
                return response
            }
        }
        if let get = handlers[.get], handlers[.head] == nil {
            router.on(path, method: .head) { request, context in
                let full = try await get(request, context)
                return Response(status: full.status, headers: full.headers)
            }
        }
    }
}
