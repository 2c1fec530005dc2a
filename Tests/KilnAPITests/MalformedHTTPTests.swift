import Foundation
import KilnCore
import Testing

/// What a hostile or careless client sends instead of HTTP (#12): a bad chunk size or a body cut
/// short answered `500`, and seventeen other cases an empty `400`. Each is now `400` with the
/// `{kind, message}` body, and the connection is closed.
@Suite struct MalformedHTTPTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        /// The client stops sending (half-close) after the bytes.
        var finish = false
        var testDescription: String { name }
    }

    static let key = "KEY"
    static func post(_ headers: String, _ body: String = "") -> [UInt8] {
        Array("POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\(headers)\r\n\(body)".utf8)
    }

    static let cases: [Case] = [
        Case(name: "chunk size zz", bytes: post("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")),
        Case(name: "chunk size of 18 digits", bytes: post("Transfer-Encoding: chunked\r\n", "ffffffffffffffffff\r\n{}\r\n")),
        Case(name: "body cut short", bytes: post("Content-Length: 100\r\n", "{\"input\":1"), finish: true),
        Case(name: "NUL in the path", bytes: Array("GET /jobs\0 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        Case(name: "bad UTF-8 in the path", bytes: Array("GET /jobs/".utf8) + [0xFF, 0xFE, 0xC3] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        Case(name: "NUL in Authorization", bytes: Array("GET /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \0KEY\r\n\r\n".utf8)),
        Case(name: "1 MiB URL", bytes: Array("GET /\(String(repeating: "a", count: 1 << 20)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        Case(name: "1 MiB header", bytes: Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 1 << 20))\r\n\r\n".utf8)),
        Case(name: "10,000 headers", bytes: Array(("GET /healthz HTTP/1.1\r\nHost: x\r\n" + (0..<10_000).map { "X-\($0): a\r\n" }.joined() + "\r\n").utf8)),
        Case(name: "negative Content-Length", bytes: post("Content-Length: -5\r\n", "{}")),
        Case(name: "two Content-Lengths", bytes: post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}")),
        Case(name: "Content-Length with Transfer-Encoding", bytes: post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")),
        Case(name: "unknown method", bytes: Array("FOO /jobs HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        Case(name: "TLS ClientHello", bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + [UInt8](repeating: 0, count: 64)),
        Case(name: "HTTP/2 preface", bytes: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + [0, 0, 0, 4, 0, 0, 0, 0, 0]),
        Case(name: "HTTP/3.0 request line", bytes: Array("GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n".utf8)),
    ]

    @Test(arguments: cases)
    func malformedRequestsGet400WithTheErrorBody(_ malformed: Case) async throws {
        try await TestServer.run { server in
            let port = try #require(URLComponents(string: server.baseURL)?.port)
            let bytes = malformed.bytes.replacing(Array(Self.key.utf8), with: Array(server.apiKey.utf8))
            let (response, rest) = try await offload {
                let connection = try RawConnection(port: port)
                connection.send(bytes)
                if malformed.finish { connection.finishSending() }
                let response = try connection.readResponse()
                return (response, connection.readToClose())
            }
            #expect(response.status == 400, "\(response.statusLine) \(response.text)")
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let json = try JSONParser.parse(response.text)
            #expect(json["kind"] == "invalid_request" && json.objectValue?.keys == ["kind", "message"])
            #expect(json["message"]?.stringValue?.hasPrefix("the request is not valid HTTP/1.1") == true, "\(response.text)")
            #expect(!response.text.contains("HTTPParserError") && !response.text.contains("/work/"))
            #expect(rest == [], "the connection is closed after the answer, with nothing more")
            #expect(try await server.client.get("/healthz").status == 200, "the server is unharmed")
        }
    }

    /// Not malformed HTTP, but no key either: bytes that are not ASCII in Authorization.
    @Test func anAuthorizationThatIsNotASCIIIsAMalformedRequest() async throws {
        try await TestServer.run { server in
            let port = try #require(URLComponents(string: server.baseURL)?.port)
            let response = try await offload {
                let connection = try RawConnection(port: port)
                connection.send(Array("GET /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ".utf8) + [0xFF, 0xFE] + Array("\r\n\r\n".utf8))
                return try connection.readResponse()
            }
            #expect(response.status == 400 && response.errorKind == "invalid_request", "\(response.text)")
        }
    }

    @Test func anyOtherMethodOnAKnownRouteIs405() async throws {
        try await TestServer.run { server in
            // QUERY and PROPFIND are methods the router is never told of: 404 before (#12).
            for method in ["OPTIONS", "TRACE", "QUERY", "PROPFIND"] {
                for (path, allow) in [("/jobs", "GET, POST, HEAD"), ("/healthz", "GET, HEAD"), ("/jobs/job_01ZZZZZZZZZZZZZZZZZZZZZZZZ", "GET, HEAD")] {
                    let response = try await server.client.request(.RAW(value: method), path)
                    #expect(response.status == 405 && response.errorKind == "method_not_allowed", "\(method) \(path): \(response.text)")
                    #expect(response.header("Allow") == allow, "\(method) \(path)")
                }
            }
        }
    }
}
