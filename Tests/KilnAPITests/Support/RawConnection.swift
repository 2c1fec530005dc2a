import Foundation
import Glibc
import KilnCore

/// A plain TCP connection to a server on loopback, for what a well-behaved HTTP client never
/// sends: malformed requests, half requests, and several requests on one connection. Every read
/// is bounded by `timeout`; calls block, so they run on a thread of their own (`offload`).
final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private var buffered: [UInt8] = []

    init(port: Int, timeout: Duration = .seconds(15)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            throw TestFailure("cannot connect to 127.0.0.1:\(port)")
        }
        let seconds = timeout.components.seconds
        var limit = timeval(tv_sec: Int(seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends `bytes`; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Closes the sending half: the server reads the end of the stream.
    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// Bytes until the server closes the connection, or nil when it keeps it open past the timeout.
    func readToClose() -> [UInt8]? {
        var all = buffered
        buffered = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return all }
            if count < 0 { return errno == ECONNRESET ? all : nil }
            all += chunk[..<count]
        }
    }

    /// One response: its head and the body its Content-Length announces.
    func readResponse() throws -> RawResponse {
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() throws {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw TestFailure("connection closed or timed out after \(buffered.count) bytes: \(String(decoding: buffered, as: UTF8.self))") }
            buffered += chunk[..<count]
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffered.indices.dropLast(3).first { buffered[$0..<$0 + 4].elementsEqual(separator) }
            if headEnd == nil { try fill() }
        }
        let head = String(decoding: buffered[..<headEnd!], as: UTF8.self)
        buffered.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while buffered.count < length { try fill() }
        let body = Array(buffered[..<length])
        buffered.removeFirst(length)
        return RawResponse(statusLine: statusLine, status: status, headers: headers, body: body)
    }
}

struct RawResponse: Sendable {
    let statusLine: String
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var errorKind: String? { (try? JSONParser.parse(text))?["kind"]?.stringValue }
}
