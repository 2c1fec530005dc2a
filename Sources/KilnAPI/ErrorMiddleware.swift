import Hummingbird
import KilnCore
import KilnStore
import Logging

/// Turns every error into `{kind, message}` with its status. Anything unexpected is logged and
/// answered as `internal_error` without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return .error(error)
        } catch StoreError.idempotencyKeyReused {
            return .error(.idempotencyKeyReused)
        } catch let error as any HTTPResponseError {
            switch error.status {
            case .notFound: return .error(.notFound)
            case .contentTooLarge: return .error(.payloadTooLarge)
            case .badRequest: return .error(.invalidRequest("the request could not be read"))
            default:
                context.logger.error("HTTP error \(error.status.code) on \(request.method) \(request.uri.path)")
                return .error(APIError("http_error", error.status.reasonPhrase, status: error.status.code))
            }
        } catch {
            context.logger.error("internal error on \(request.method) \(request.uri.path): \(String(reflecting: error))")
            return .error(.internalError)
        }
    }
}
