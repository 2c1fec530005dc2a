import Foundation
import KilnCore
import Testing

/// Errors are always `{kind, message}` JSON with the right status, never HTML or internals.
@Suite struct ErrorResponseTests {
    @Test func everyErrorIsJSONWithItsStatus() async throws {
        try await TestServer.run { server in
            let openAPI = try await ContractTests.validator(server)
            let client = server.client
            let cases: [(TestResponse, Int, String)] = [
                (try await client.get("/nope"), 404, "not_found"),
                (try await client.get("/jobs/job_01ZZZZZZZZZZZZZZZZZZZZZZZZ/extra"), 404, "not_found"),
                (try await client.request(.PUT, "/jobs"), 405, "method_not_allowed"),
                (try await client.request(.DELETE, "/jobs/job_01ZZZZZZZZZZZZZZZZZZZZZZZZ"), 405, "method_not_allowed"),
                (try await client.request(.POST, "/healthz"), 405, "method_not_allowed"),
                (try await client.post("/jobs", "{not json"), 400, "invalid_request"),
                (try await client.post("/jobs", ""), 400, "invalid_request"),
                (try await client.post("/jobs", #"{"input":"https://x.com/a.mp4","kind":"video","options":{"width":"wide"}}"#), 400, "invalid_option"),
                (try await client.post("/jobs", #"{"kind":"video"}"#), 400, "input_required"),
                (try await client.post("/jobs", String(repeating: " ", count: (1 << 20) + 10) + "{}"), 413, "payload_too_large"),
                (try await client.get("/jobs?limit=0"), 400, "invalid_request"),
                (try await client.get("/jobs?limit=101"), 400, "invalid_request"),
                (try await client.get("/jobs?order=up"), 400, "invalid_request"),
                (try await client.get("/jobs?kind=gif"), 400, "invalid_request"),
                (try await client.get("/jobs?status=done"), 400, "invalid_request"),
                (try await client.get("/jobs?after=task_01ABC"), 400, "invalid_request"),
                (try await client.get("/jobs?colour=red"), 400, "invalid_request"),
                (try await client.post("/jobs", "{}", headers: [("Idempotency-Key", String(repeating: "k", count: 256))]), 400, "invalid_request"),
            ]
            for (response, status, kind) in cases {
                #expect(response.status == status, "\(response.text)")
                #expect(response.errorKind == kind, "\(response.text)")
                #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
                let json = try response.json
                #expect(json.objectValue?.keys == ["kind", "message"])
                #expect(json["message"]?.stringValue?.isEmpty == false)
                #expect(!response.text.contains("/work/") && !response.text.contains("<html"))
            }
            let methodNotAllowed = try await client.request(.PUT, "/jobs")
            #expect(methodNotAllowed.header("Allow") == "GET, POST, HEAD")
            #expect(openAPI.problems(path: "/jobs", method: "POST", response: try await client.post("/jobs", "[]")) == [])
        }
    }
}
