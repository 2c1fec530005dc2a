import Hummingbird
import KilnCore

/// Gives every request an id, answered in `X-Request-Id` and carried by every log line written
/// while it is served (`request_id`). A client's own id is kept when it is a plain token, so a
/// request can be followed from a proxy or client into Kiln's logs; anything else (too long,
/// spaces, quotes) is replaced, so a header cannot forge log lines.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext
    let ids: IDSource

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[.requestID].flatMap(Self.accepted) ?? ids.make(.request)
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        // Hummingbird's own id of the request, kept equal so its log lines agree with Kiln's.
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    static let maximumLength = 128

    /// A client's id, if it is 1–128 letters, digits or `-_.:/+=@~`.
    static func accepted(_ value: String) -> String? {
        guard !value.isEmpty, value.utf8.count <= maximumLength else { return nil }
        let allowed = Set("-_.:/+=@~".utf8)
        guard value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || allowed.contains($0) }) else {
            return nil
        }
        return value
    }
}
