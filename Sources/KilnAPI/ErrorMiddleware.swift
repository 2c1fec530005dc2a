import Hummingbird
import KilnCore
import KilnStore
import Logging
import NIOCore
import NIOHTTP1

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
            // A body that stopped arriving or could not be decoded: the connection's own handler
            // has answered already; this answer only keeps the handler's error out of the log.
            if let failure = ConnectionErrors.apiError(for: error) { return .error(failure) }
            context.logger.error("internal error on \(request.method) \(request.uri.path): \(String(reflecting: error))")
            return .error(.internalError)
        }
    }
}

/// What a failure of the connection under a request tells the client: malformed HTTP is `400
/// invalid_request` saying what was wrong, a header or body that did not arrive in time `408
/// request_timeout`. Nil for a connection that failed (reset, closed): there is no one to answer.
enum ConnectionErrors {
    static func apiError(for error: any Error) -> APIError? {
        switch error {
        case let timeout as RequestTimeout:
            switch timeout {
            case .header: return APIError("request_timeout", "the request header did not arrive in time", status: 408)
            case .body: return APIError("request_timeout", "the request body did not arrive in time", status: 408)
            }
        case let parser as HTTPParserError:
            return .invalidRequest("the request is not valid HTTP/1.1: \(reason(parser))")
        case is IOError, is ChannelError:
            return nil
        default:
            // The conversion to HTTP fields refused the head (a NUL, a bad header name…).
            return .invalidRequest("the request is not valid HTTP/1.1: its request line or a header cannot be read")
        }
    }

    private static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidEOFState, .closedConnection: return "the connection ended before the request was complete"
        case .headerOverflow: return "the request line or the headers are too long, or there are too many headers"
        case .invalidVersion: return "the HTTP version is not 1.0 or 1.1 (this port speaks plain HTTP/1.1: no TLS, no HTTP/2)"
        case .invalidMethod: return "the method is not one HTTP/1.1 knows (this port speaks plain HTTP/1.1: no TLS, no HTTP/2)"
        case .invalidURL: return "the request target is not a valid path"
        case .invalidHeaderToken, .invalidCharactersUsed: return "a header name or value has a character HTTP does not allow"
        case .invalidContentLength: return "Content-Length is not one whole number"
        case .unexpectedContentLength: return "Content-Length is sent twice, or with Transfer-Encoding"
        case .invalidChunkSize: return "a chunk size is not a hexadecimal number of a reasonable size"
        case .lfExpected, .invalidConstant, .strictModeAssertion, .trailingGarbage: return "a line is not terminated as HTTP requires"
        default: return "it cannot be parsed (this port speaks plain HTTP/1.1: no TLS, no HTTP/2)"
        }
    }
}
