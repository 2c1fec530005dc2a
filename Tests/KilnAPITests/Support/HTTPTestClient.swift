import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import NIOHTTP1

/// A response as tests look at it: status, headers, body text and its JSON.
struct TestResponse: Sendable {
    let status: Int
    let headers: [(String, String)]
    let text: String

    var json: JSONValue {
        get throws { try JSONParser.parse(text) }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var errorKind: String? { (try? json)?["kind"]?.stringValue }
}

/// Sends real HTTP requests over loopback.
struct HTTPTestClient: Sendable {
    let baseURL: String
    var apiKey: String?

    func request(
        _ method: HTTPMethod, _ path: String, body: String? = nil, headers: [(String, String)] = [],
        apiKey: String?? = .none
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        let key = apiKey ?? self.apiKey
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return TestResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            text: String(buffer: buffer)
        )
    }

    func get(_ path: String, apiKey: String?? = .none) async throws -> TestResponse {
        try await request(.GET, path, apiKey: apiKey)
    }

    func post(_ path: String, _ body: String, headers: [(String, String)] = [], apiKey: String?? = .none) async throws -> TestResponse {
        try await request(.POST, path, body: body, headers: headers, apiKey: apiKey)
    }

    /// Creates a job and returns its JSON, failing the test on anything but 201.
    func createJob(_ body: String) async throws -> JSONValue {
        let response = try await post("/jobs", body)
        guard response.status == 201 else { throw TestFailure("POST /jobs answered \(response.status): \(response.text)") }
        return try response.json
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
