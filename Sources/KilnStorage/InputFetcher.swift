import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import NIOHTTP1

/// Streams an input URL to a local file, never whole in memory: at most `maximumBytes`, at most
/// five redirects, every hop's address checked against the `AddressPolicy`.
public struct InputFetcher: Sendable {
    public struct Limits: Sendable, Equatable {
        public var maximumBytes: Int64
        public var connectTimeout: Duration
        /// The longest silence while reading before giving up.
        public var readTimeout: Duration
        public var maximumRedirects: Int

        public init(maximumBytes: Int64 = 20 << 30, connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(30), maximumRedirects: Int = 5) {
            self.maximumBytes = maximumBytes
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maximumRedirects = maximumRedirects
        }
    }

    public var policy: AddressPolicy
    public var limits: Limits
    /// Whether `file://` inputs may be read: only for the command line's local mode, never for a server.
    public var allowsLocalFiles: Bool
    /// Used by every fetch. It must not follow redirects itself (the fetcher follows them, so every
    /// hop passes the address guard): make it with `makeClient(limits:)`. Whoever made it shuts it
    /// down, after the fetcher's last use.
    public let httpClient: HTTPClient

    public init(policy: AddressPolicy, limits: Limits = Limits(), allowsLocalFiles: Bool = false, httpClient: HTTPClient) {
        self.policy = policy
        self.limits = limits
        self.allowsLocalFiles = allowsLocalFiles
        self.httpClient = httpClient
    }

    /// The client a fetcher needs; the caller shuts it down (`try await client.shutdown()`).
    /// AsyncHTTPClient has no per-request connect or read timeout, nor per-request redirect
    /// handling, so they are set here: redirects are not followed, bodies are not decompressed (the
    /// size limit counts the bytes stored), connect and read timeouts come from `limits`.
    /// An `S3Store` may share it (it sets its own deadline per request).
    public static func makeClient(limits: Limits) -> HTTPClient {
        HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .init(limits.connectTimeout), read: .init(limits.readTimeout)),
                decompression: .disabled
            )
        )
    }

    /// Downloads `url` to `destination`, returning the number of bytes written. Throws `FetchError`,
    /// or `RunError` `connection_required` for an `s3://` URL (read those through a connection).
    public func fetch(_ url: String, to destination: String) async throws -> Int64 {
        guard let first = URL(string: url), let scheme = first.scheme?.lowercased() else {
            throw FetchError.unreadableURL
        }
        if scheme == "file", allowsLocalFiles {
            let path = first.path
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw FetchError.localFileUnreadable(name: first.lastPathComponent)
            }
            // A link, not a copy: the file is already on this disk.
            try? FileManager.default.removeItem(atPath: destination)
            do {
                try FileManager.default.createSymbolicLink(atPath: destination, withDestinationPath: path)
            } catch {
                throw FetchError.cannotStore
            }
            return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        }
        if scheme == "s3" {
            throw RunError("connection_required", "reading s3:// inputs through a connection is not supported by this server yet; give an http(s) URL")
        }
        return try await download(first, to: destination)
    }

    private func download(_ start: URL, to destination: String) async throws -> Int64 {
        var current = start
        for hop in 0...limits.maximumRedirects {
            try check(current)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: "Kiln")
            let response: HTTPClientResponse
            do {
                response = try await httpClient.execute(request, timeout: .hours(6))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw FetchError.unreachable(host: current.host ?? "its host", reason: NetworkFailure.describe(error))
            }
            assert(response.history.count <= 1, "InputFetcher's client followed a redirect past the address guard; make it with InputFetcher.makeClient(limits:)")
            if (300..<400).contains(Int(response.status.code)), let location = response.headers.first(name: "Location") {
                guard hop < limits.maximumRedirects else { throw FetchError.tooManyRedirects(limit: limits.maximumRedirects) }
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL,
                    ["http", "https"].contains(next.scheme?.lowercased() ?? "")
                else {
                    throw FetchError.badRedirect
                }
                current = next
                continue
            }
            guard (200..<300).contains(Int(response.status.code)) else {
                throw FetchError.status(code: Int(response.status.code), reason: response.status.reasonPhrase)
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int64.init), length > limits.maximumBytes {
                throw FetchError.tooLarge(bytes: length, limit: limits.maximumBytes)
            }
            return try await write(response.body, to: destination)
        }
        throw FetchError.tooManyRedirects(limit: limits.maximumRedirects)
    }

    private func write(_ body: HTTPClientResponse.Body, to destination: String) async throws -> Int64 {
        do {
            return try await BodyToFile.write(body, to: destination, maximumBytes: limits.maximumBytes)
        } catch BodyToFile.Failure.cannotStore {
            throw FetchError.cannotStore
        } catch BodyToFile.Failure.interrupted(let reason) {
            throw FetchError.interrupted(reason: reason)
        } catch BodyToFile.Failure.tooLarge {
            throw FetchError.tooLarge(bytes: nil, limit: limits.maximumBytes)
        }
    }

    /// Refuses URLs whose host is, or resolves to, a non-public address (unless allowed).
    public func check(_ url: URL) throws(FetchError) {
        guard let host = url.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            throw .noHost
        }
        if policy.allows(host: host) { return }
        let addresses = AddressPolicy.isLiteral(host) ? [host] : AddressPolicy.resolve(host)
        guard !addresses.isEmpty else { throw .unresolvable(host: host) }
        if let blocked = addresses.first(where: { !AddressPolicy.isPublic($0) }) {
            throw .forbidden(host: host, address: blocked)
        }
    }
}

extension AddressPolicy {
    static func isLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
