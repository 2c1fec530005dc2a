import Hummingbird
import KilnCore

/// Refuses a path with a control character or a malformed percent-encoding on every route, before
/// routing: the router would otherwise answer "no such route", and a handler must never see a NUL.
struct PathCheckMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let decoded = PercentDecoding.decode(path), !decoded.containsControlCharacter else { throw APIError.invalidPath }
        return try await next(request, context)
    }
}
