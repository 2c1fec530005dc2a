import Foundation
import KilnCore
import Testing

/// `GET /files/…` as a hostile or careless client uses it (#12): ranges by RFC 9110 §14, paths
/// with control characters, the media type of the stored file, other methods.
@Suite struct FilesTests {
    static let size = 2400
    static let bytes: [UInt8] = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }
    static let job = "job_01JXZ5X2W3V4T5S6R7Q8P9N0MA"

    /// A server with `logo.png` (2,400 bytes) and an HLS playlist published under a job.
    static func withFiles(_ body: @Sendable (TestServer) async throws -> Void) async throws {
        try await TestServer.run { server in
            let folder = server.directory.appendingPathComponent("files/\(job)")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("stream"), withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.appendingPathComponent("logo.png"))
            try Data("#EXTM3U\n".utf8).write(to: folder.appendingPathComponent("stream/master.m3u8"))
            try Data().write(to: folder.appendingPathComponent("empty.bin"))
            try await body(server)
        }
    }

    struct RangeCase: Sendable, CustomTestStringConvertible {
        let header: String
        let status: Int
        /// The bytes answered (206) or nil for the whole file (200) or none (416).
        let range: ClosedRange<Int>?
        var testDescription: String { header }
    }

    static let rangeCases: [RangeCase] = [
        .init(header: "bytes=0-99", status: 206, range: 0...99),
        .init(header: "bytes=2399-", status: 206, range: 2399...2399),
        .init(header: "bytes=100-100000", status: 206, range: 100...2399),
        .init(header: "bytes=0-99999999999999999999999", status: 206, range: 0...2399),
        .init(header: "bytes=-1", status: 206, range: 2399...2399),
        .init(header: "bytes=-100", status: 206, range: 2300...2399),
        .init(header: "bytes=-5000", status: 206, range: 0...2399),
        .init(header: "BYTES = 10-19", status: 206, range: 10...19),
        .init(header: "bytes=2400-", status: 416, range: nil),
        .init(header: "bytes=999999999-", status: 416, range: nil),
        .init(header: "bytes=5000-6000", status: 416, range: nil),
        .init(header: "bytes=-0", status: 416, range: nil),
        .init(header: "bytes=99999999999999999999999-", status: 416, range: nil),
        .init(header: "bytes=5000-,6000-7000", status: 416, range: nil),
        // Several ranges, a malformed one, or another unit: the whole file.
        .init(header: "bytes=0-0,-1", status: 200, range: nil),
        .init(header: "bytes=100-50", status: 200, range: nil),
        .init(header: "bytes=abc", status: 200, range: nil),
        .init(header: "bytes=--1", status: 200, range: nil),
        .init(header: "items=0-1", status: 200, range: nil),
    ]

    @Test(arguments: rangeCases)
    func rangesFollowRFC9110(_ rangeCase: RangeCase) async throws {
        try await Self.withFiles { server in
            let openAPI = try await ContractTests.validator(server)
            let response = try await server.client.request(.GET, "/files/\(Self.job)/logo.png", headers: [("Range", rangeCase.header)])
            #expect(response.status == rangeCase.status, "\(response.text.prefix(200))")
            #expect(openAPI.problems(path: "/files/{path}", method: "GET", response: response.status == 416 ? response : TestResponse(status: response.status, headers: [], text: "")) == [])
            switch rangeCase.status {
            case 206:
                let range = try #require(rangeCase.range)
                #expect(response.header("Content-Range") == "bytes \(range.lowerBound)-\(range.upperBound)/\(Self.size)")
                #expect(response.header("Content-Length") == String(range.count))
                #expect(response.text == String(decoding: Self.bytes[range], as: UTF8.self))
            case 416:
                #expect(response.header("Content-Range") == "bytes */\(Self.size)")
                #expect(response.errorKind == "range_not_satisfiable")
            default:
                #expect(response.header("Content-Range") == nil)
                #expect(response.header("Content-Length") == String(Self.size))
            }
        }
    }

    /// The bytes themselves, and nothing more on a kept-alive connection: `bytes=2400-` answered
    /// `Content-Length: 0` and sent a byte, which began the next response.
    @Test func partsCarryExactlyTheirBytesOnAKeptAliveConnection() async throws {
        try await Self.withFiles { server in
            let port = try #require(URLComponents(string: server.baseURL)?.port)
            let headers: [String] = ["bytes=2390-", "bytes=2400-", "bytes=-1", "bytes=5000-6000", "bytes=-0", "bytes=0-9", ""]
            try await offload {
                let connection = try RawConnection(port: port)
                for range in headers {
                    let rangeLine = range.isEmpty ? "" : "Range: \(range)\r\n"
                    connection.send("GET /files/\(Self.job)/logo.png HTTP/1.1\r\nHost: x\r\n\(rangeLine)\r\n")
                    let response = try connection.readResponse()
                    switch range {
                    case "bytes=2390-": #expect(response.status == 206 && response.body == Array(Self.bytes[2390...]))
                    case "bytes=-1": #expect(response.status == 206 && response.body == [Self.bytes[2399]])
                    case "bytes=0-9": #expect(response.status == 206 && response.body == Array(Self.bytes[0...9]))
                    case "": #expect(response.status == 200 && response.body == Self.bytes)
                    default: #expect(response.status == 416 && response.errorKind == "range_not_satisfiable", "\(range)")
                    }
                }
                connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                let health = try connection.readResponse()
                #expect(health.statusLine == "HTTP/1.1 200 OK" && health.text == #"{"status":"ok"}"#, "no stray byte before the next response")
            }
        }
    }

    @Test func anEmptyFileHasNoSatisfiableRange() async throws {
        try await Self.withFiles { server in
            let whole = try await server.client.get("/files/\(Self.job)/empty.bin")
            #expect(whole.status == 200 && whole.text.isEmpty && whole.header("Content-Type") == "application/octet-stream")
            let part = try await server.client.request(.GET, "/files/\(Self.job)/empty.bin", headers: [("Range", "bytes=-1")])
            #expect(part.status == 416 && part.header("Content-Range") == "bytes */0")
        }
    }

    /// `logo.png%00.html` was served as text/html: a control character in a path is `400`, and
    /// the media type is that of the stored file.
    @Test func controlCharactersInThePathAreRefusedAndTheTypeIsTheStoredFiles() async throws {
        try await Self.withFiles { server in
            // Sent as written: an HTTP client library would re-encode the malformed ones.
            let port = try #require(URLComponents(string: server.baseURL)?.port)
            for path in ["logo.png%00.html", "logo.png%0a", "logo.png%0D%0AX-Injected:%201", "logo%7f.png", "logo.png%C2%85", "logo.png%ff", "logo.png%zz", "logo.png%", "%00/logo.png"] {
                let response = try await offload {
                    let connection = try RawConnection(port: port)
                    connection.send("GET /files/\(Self.job)/\(path) HTTP/1.1\r\nHost: x\r\n\r\n")
                    return try connection.readResponse()
                }
                #expect(response.status == 400 && response.errorKind == "invalid_request", "\(path): \(response.status) \(response.text)")
                #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
                #expect(response.header("X-Injected") == nil)
            }
            #expect(try await server.client.get("/files/\(Self.job)/logo.png").header("Content-Type") == "image/png")
            #expect(try await server.client.get("/files/\(Self.job)/stream/master.m3u8").header("Content-Type") == "application/vnd.apple.mpegurl")
            #expect(try await server.client.get("/files/\(Self.job)/logo.png.html").status == 404)
            for path in ["logo.png%2F..%2F..%2Fkiln.sqlite", "..%2Fkiln.sqlite", "%2e%2e/kiln.sqlite", ".publishing-x/logo.png"] {
                let response = try await server.client.get("/files/\(Self.job)/\(path)")
                #expect(response.status == 404 && response.errorKind == "not_found", "\(path): \(response.text)")
            }
        }
    }

    /// Other methods were `404`; `GET /files/{job}` redirected to a URL without `/files`.
    @Test func otherMethodsAre405AndAFolderIsNoFile() async throws {
        try await Self.withFiles { server in
            for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"] {
                let response = try await server.client.request(.RAW(value: method), "/files/\(Self.job)/logo.png")
                #expect(response.status == 405 && response.errorKind == "method_not_allowed", "\(method)")
                #expect(response.header("Allow") == "GET, HEAD")
            }
            let head = try await server.client.request(.HEAD, "/files/\(Self.job)/logo.png")
            #expect(head.status == 200 && head.header("Content-Length") == String(Self.size) && head.text.isEmpty)
            for path in ["/files/\(Self.job)", "/files/\(Self.job)/", "/files/\(Self.job)/stream", "/files/", "/files"] {
                let response = try await server.client.get(path)
                #expect(response.status == 404 && response.errorKind == "not_found", "\(path): \(response.status)")
                #expect(response.header("Location") == nil)
            }
        }
    }
}
