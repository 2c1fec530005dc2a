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

    public init(policy: AddressPolicy, limits: Limits = Limits(), allowsLocalFiles: Bool = false) {
        self.policy = policy
        self.limits = limits
        self.allowsLocalFiles = allowsLocalFiles
    }

    /// Downloads `url` to `destination`, returning the number of bytes written.
    public func fetch(_ url: String, to destination: String) async throws -> Int64 {
        guard let first = URL(string: url), let scheme = first.scheme?.lowercased() else {
            throw RunError("input_unreachable", "the input URL cannot be read")
        }
        if scheme == "file", allowsLocalFiles {
            let path = first.path
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw RunError("input_unreachable", "cannot read \(path)")
            }
            // A link, not a copy: the file is already on this disk.
            try? FileManager.default.removeItem(atPath: destination)
            try FileManager.default.createSymbolicLink(atPath: destination, withDestinationPath: path)
            return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        }
        if scheme == "s3" {
            throw RunError("connection_required", "reading s3:// inputs through a connection is not supported by this server yet; give an http(s) URL")
        }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .init(limits.connectTimeout), read: .init(limits.readTimeout)),
                decompression: .disabled
            )
        )
        do {
            let written = try await download(first, to: destination, client: client)
            try await client.shutdown()
            return written
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func download(_ start: URL, to destination: String, client: HTTPClient) async throws -> Int64 {
        var current = start
        for hop in 0...limits.maximumRedirects {
            try check(current)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: "Kiln")
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .hours(6))
            } catch {
                throw RunError("input_unreachable", "could not fetch the input from \(current.host ?? "its host"): \(Self.describe(error))")
            }
            if (300..<400).contains(Int(response.status.code)), let location = response.headers.first(name: "Location") {
                guard hop < limits.maximumRedirects else {
                    throw RunError("input_unreachable", "the input URL redirected more than \(limits.maximumRedirects) times")
                }
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL,
                    ["http", "https"].contains(next.scheme?.lowercased() ?? "")
                else {
                    throw RunError("input_unreachable", "the input URL redirected to an unusable location")
                }
                current = next
                continue
            }
            guard (200..<300).contains(Int(response.status.code)) else {
                throw RunError("input_unreachable", "the input URL answered \(response.status.code) \(response.status.reasonPhrase)")
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int64.init), length > limits.maximumBytes {
                throw RunError("input_too_large", "the input is \(length) bytes; the limit is \(limits.maximumBytes) bytes")
            }
            return try await write(response.body, to: destination)
        }
        throw RunError("input_unreachable", "the input URL redirected more than \(limits.maximumRedirects) times")
    }

    private func write(_ body: HTTPClientResponse.Body, to destination: String) async throws -> Int64 {
        guard FileManager.default.createFile(atPath: destination, contents: nil), let handle = FileHandle(forWritingAtPath: destination) else {
            throw RunError("input_unreachable", "could not store the input on this server")
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        do {
            for try await chunk in body {
                written += Int64(chunk.readableBytes)
                guard written <= limits.maximumBytes else {
                    throw RunError("input_too_large", "the input is larger than the limit of \(limits.maximumBytes) bytes")
                }
                try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            }
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError("input_unreachable", "the input stopped arriving: \(Self.describe(error))")
        }
        return written
    }

    /// Refuses URLs whose host is, or resolves to, a non-public address (unless allowed).
    func check(_ url: URL) throws {
        guard let host = url.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            throw RunError("input_unreachable", "the input URL has no host")
        }
        if policy.allows(host: host) { return }
        let addresses = AddressPolicy.isLiteral(host) ? [host] : AddressPolicy.resolve(host)
        guard !addresses.isEmpty else {
            throw RunError("input_unreachable", "could not resolve the input's host \(host)")
        }
        if let blocked = addresses.first(where: { !AddressPolicy.isPublic($0) }) {
            throw RunError("input_forbidden", "the input's host \(host) is at a private or local address (\(blocked)); this server only fetches public addresses")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as HTTPClientError:
            switch e {
            case .connectTimeout: return "the connection timed out"
            case .readTimeout: return "the server stopped answering (read timeout)"
            case .deadlineExceeded: return "the request took too long"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(e)"
            }
        default:
            let text = "\(error)"
            if text.localizedCaseInsensitiveContains("refused") { return "connection refused" }
            if text.contains("NIOConnectionError") { return "could not connect" }
            return text.count > 200 ? String(text.prefix(200)) : text
        }
    }
}

extension AddressPolicy {
    static func isLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
