import Crypto
import Foundation
import KilnCore

/// How `GET /metrics` is served. Metrics are the node's, not a project's, so an API key does not
/// open them: on the API port they need the operator's token (`--metrics-token`); on a port of
/// their own (`--metrics-port`, loopback unless told otherwise) the token is optional.
public struct MetricsExposition: Sendable {
    /// The bearer token `GET /metrics` needs; nil: none (only on a metrics port).
    public var token: String?
    /// The text to serve, refreshed at each scrape.
    public var render: @Sendable () async -> [UInt8]

    public init(token: String?, render: @escaping @Sendable () async -> [UInt8]) {
        self.token = token
        self.render = render
    }

    /// Whether `header` (an `Authorization` value) carries the token; compared in constant time.
    func authorizes(_ header: String?) -> Bool {
        guard let token else { return true }
        guard let header, header.lowercased().hasPrefix("bearer ") else { return false }
        let given = SHA256.hash(data: Data(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8))
        let expected = SHA256.hash(data: Data(token.utf8))
        return given == expected
    }
}
