import Hummingbird
import KilnCore
import KilnStore

/// `Authorization: Bearer <key>`: the key's project scopes everything the request sees.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext
    let keys: AuthCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw APIError.tokenMissing }
        // Keys are ASCII: bytes that are not (decoded as U+FFFD) make a malformed header, not a wrong key.
        guard header.unicodeScalars.allSatisfy({ $0.isASCII && !$0.isControlCharacter || $0 == "\t" }) else {
            throw APIError.invalidRequest("the Authorization header must be 'Bearer <key>' in ASCII")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError("token_invalid", "the Authorization header must be 'Bearer <key>'", status: 401)
        }
        let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard secret.utf8.count <= 200, let principal = try await keys.principal(for: secret) else {
            throw APIError.tokenInvalid
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}

import Foundation
