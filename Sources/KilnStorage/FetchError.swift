import Foundation

/// Why an input could not be fetched. `message` is for the client: plain words, never a Swift
/// type name, a server path or a secret. (KilnPipeline's `RunFailure` gives each case its kind.)
public enum FetchError: Error, Sendable, Equatable {
    /// The URL itself cannot be parsed.
    case unreadableURL
    case noHost
    /// The address guard could not resolve the host.
    case unresolvable(host: String)
    /// Connecting or asking failed; `reason` is in plain words (`NetworkFailure.describe`).
    case unreachable(host: String, reason: String)
    /// The body stopped arriving part way; `reason` is in plain words.
    case interrupted(reason: String)
    /// The host (or a redirect's) is at a private or local address.
    case forbidden(host: String, address: String)
    case tooManyRedirects(limit: Int)
    /// A redirect to something that is not an http(s) URL.
    case badRedirect
    case status(code: Int, reason: String)
    /// Over the limit: by its announced length (`bytes`), or while it arrived (`bytes` nil).
    case tooLarge(bytes: Int64?, limit: Int64)
    /// A `file://` input (the command line's local mode) that cannot be read; only its name is kept.
    case localFileUnreadable(name: String)
    /// This server could not write the input to its scratch disk.
    case cannotStore
    /// A result this server published earlier, whose file is gone.
    case noLongerStored(url: String)

    public var message: String {
        switch self {
        case .unreadableURL: "the input URL cannot be read"
        case .noHost: "the input URL has no host"
        case .unresolvable(let host): "could not resolve the input's host \(host)"
        case .unreachable(let host, let reason): "could not fetch the input from \(host): \(reason)"
        case .interrupted(let reason): "the input stopped arriving: \(reason)"
        case .forbidden(let host, let address):
            "the input's host \(host) is at a private or local address (\(address)); this server only fetches public addresses"
        case .tooManyRedirects(let limit): "the input URL redirected more than \(limit) times"
        case .badRedirect: "the input URL redirected to an unusable location"
        case .status(let code, let reason): "the input URL answered \(code)\(reason.isEmpty ? "" : " \(reason)")"
        case .tooLarge(let bytes?, let limit): "the input is \(bytes) bytes; the limit is \(limit) bytes"
        case .tooLarge(nil, let limit): "the input is larger than the limit of \(limit) bytes"
        case .localFileUnreadable(let name): "cannot read the input file \(name)"
        case .cannotStore: "could not store the input on this server"
        case .noLongerStored(let url): "\(url) is no longer stored on this server"
        }
    }
}

extension FetchError: CustomStringConvertible, LocalizedError {
    public var description: String { message }
    public var errorDescription: String? { message }
}
