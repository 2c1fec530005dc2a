import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Low-level network errors (AsyncHTTPClient, NIO) in plain words for a task's error message.
/// Their own descriptions name Swift types and internals, so they are never shown.
public enum NetworkFailure {
    /// Plain words for `error`, e.g. "the host example.invalid could not be resolved".
    public static func describe(_ error: any Error) -> String {
        if let known = known(error) { return known.words }
        // NIOPosix's NIOConnectionError (which KilnStorage does not import) carries the DNS and
        // per-address failures in its properties: the first attempt's failure says more than a
        // lookup that failed for one address family only.
        let inner = nested(in: error, depth: 0).compactMap(known)
        return (inner.first { !$0.isLookup } ?? inner.first)?.words ?? "the connection failed"
    }

    private struct Words {
        var words: String
        var isLookup = false
    }

    private static func known(_ error: any Error) -> Words? {
        switch error {
        case let e as HTTPClientError: return Words(words: words(e))
        case let e as SocketAddressError.UnknownHost: return unresolved(e.host)
        case let e as SocketAddressError:
            if case .unknown(let host, _) = e { return unresolved(host) }
            return Words(words: "the address cannot be used")
        case let e as IOError: return Words(words: words(errno: e.errnoCode))
        case let e as ChannelError: return Words(words: words(e))
        case is NIOTooManyBytesError: return Words(words: "the answer was larger than expected")
        case let e as HTTPParserError:
            // What a connection closed in the middle of a body looks like to the parser.
            if e == .invalidEOFState { return Words(words: "the connection closed before the whole answer arrived") }
            return Words(words: "the server sent an answer that is not valid HTTP")
        case is CancellationError: return Words(words: "the request was cancelled")
        default:
            // NIOSSL is not a dependency of this module; its module name is enough to know TLS failed.
            if String(reflecting: type(of: error)).hasPrefix("NIOSSL.") {
                return Words(words: "the secure connection (TLS) could not be established")
            }
            return nil
        }
    }

    private static func unresolved(_ host: String) -> Words {
        Words(words: "the host \(host) could not be resolved", isLookup: true)
    }

    private static func words(_ e: HTTPClientError) -> String {
        switch e {
        case .connectTimeout, .getConnectionFromPoolTimeout: "the connection timed out"
        case .readTimeout: "the server stopped answering (read timeout)"
        case .writeTimeout: "the server stopped accepting data (write timeout)"
        case .deadlineExceeded: "the request took too long"
        case .remoteConnectionClosed: "the server closed the connection"
        case .tlsHandshakeTimeout: "the secure connection (TLS) timed out"
        case .uncleanShutdown: "the server ended the secure connection uncleanly"
        case .cancelled, .requestStreamCancelled: "the request was cancelled"
        case .bodyLengthMismatch: "the answer was shorter or longer than announced"
        case .invalidURL, .emptyHost, .emptyScheme: "the URL cannot be used"
        case .redirectLimitReached, .redirectCycleDetected: "there were too many redirects"
        case .invalidProxyResponse, .proxyAuthenticationRequired, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            "the proxy did not let the request through"
        default: "the request failed"
        }
    }

    private static func words(_ e: ChannelError) -> String {
        switch e {
        case .connectTimeout: "the connection timed out"
        case .ioOnClosedChannel, .alreadyClosed, .eof, .inputClosed, .outputClosed: "the connection was closed"
        case .writeHostUnreachable: "the host is unreachable"
        default: "the connection failed"
        }
    }

    private static func words(errno code: CInt) -> String {
        switch code {
        case ECONNREFUSED: return "the connection was refused"
        case ETIMEDOUT: return "the connection timed out"
        case ECONNRESET: return "the connection was reset"
        case EPIPE, ECONNABORTED: return "the connection was closed"
        case EHOSTUNREACH, EHOSTDOWN: return "the host is unreachable"
        case ENETUNREACH, ENETDOWN: return "the network is unreachable"
        default: return "the connection failed (\(String(cString: strerror(code)).lowercased()))"
        }
    }

    /// The errors held in `value`'s stored properties, optionals and arrays, a few levels deep.
    private static func nested(in value: Any, depth: Int) -> [any Error] {
        guard depth < 4 else { return [] }
        return Mirror(reflecting: value).children.flatMap { child -> [any Error] in
            if let error = child.value as? any Error { return [error] + nested(in: error, depth: depth + 1) }
            return nested(in: child.value, depth: depth + 1)
        }
    }
}
