import Foundation
import KilnCore
import Testing

/// Every request example of the published pages, sent to a real server on loopback, compared with
/// the documented response field by field and validated against our OpenAPI document.
@Suite struct ContractTests {
    static func validator(_ server: TestServer) async throws -> OpenAPIValidator {
        let spec = try await server.client.get("/openapi.json", apiKey: .some(nil))
        #expect(spec.status == 200)
        return try OpenAPIValidator(specText: spec.text)
    }

    @Test func createJobExamplesMatchTheDocumentedResponse() async throws {
        try await TestServer.run { server in
            let openAPI = try await Self.validator(server)
            let documented = try Fixtures.json("create-job-201.json")
            guard case .array(let examples) = try Fixtures.json("create-job-requests.json") else { throw TestFailure("fixture") }
            #expect(examples.count == 5)
            // "Output to S3 — requires a connection."
            let connection = try await server.client.post("/connections", #"{"kind":"s3","name":"main","endpoint":"http://127.0.0.1:9000","region":"us-east-1","access_key_id":"AK","secret_access_key":"SK"}"#)
            #expect(connection.status == 201)
            for example in examples {
                let name = example["name"]?.stringValue ?? ""
                let body = try #require(example["body"])
                let before = KilnClock.system.nowMillis()
                let response = try await server.client.post("/jobs", body.serialized())
                #expect(response.status == 201, "\(name): \(response.text)")
                #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
                let job = try response.json
                #expect(Shape.differences(documented: documented, actual: job) == [], "\(name)")
                #expect(openAPI.problems(path: "/jobs", method: "POST", response: response) == [], "\(name)")

                let kind = try #require(body["kind"]?.stringValue)
                #expect(job["id"]?.stringValue?.hasPrefix("job_") == true)
                #expect(job["object"] == "job")
                #expect(job["kind"] == .string(kind))
                #expect(job["input"] == body["input"])
                #expect(job["output"] == .null)
                #expect(job["options"] == (body["options"] ?? .object(JSONObject())))
                #expect(job["metadata"] == .object(JSONObject()))
                #expect(job["status"] == "queued")
                #expect(job["error"] == .null)
                let created = try #require(job["created_at"]?.int64Value)
                #expect(created >= before && created <= KilnClock.system.nowMillis())
                #expect(job["updated_at"]?.int64Value == created)
                #expect(job["started_at"] == .null && job["finished_at"] == .null)
                guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                #expect(tasks.map { $0["kind"]?.stringValue ?? "" } == ["probe", "import", kind, "export"])
                for task in tasks {
                    #expect(task["status"] == "waiting")
                    #expect(task["id"]?.stringValue?.hasPrefix("task_") == true)
                    #expect(task["job_id"] == job["id"])
                    #expect(task["progress"] == .null)
                    #expect(task["created_at"]?.int64Value == created)
                }
                let ids = tasks.compactMap { $0["id"]?.stringValue }
                #expect(ids == ids.sorted(), "task ids sort in pipeline order")
            }
        }
    }

    /// Regression (#12): metadata is "stored and returned as given", but 2^64 came back as
    /// 1.8446744073709552e+19 and -0 as 0.
    @Test func metadataNumbersComeBackAsSent() async throws {
        try await TestServer.run { server in
            let metadata = #"{"big":18446744073709551616,"zero":-0,"one":1.0,"thousand":1e3,"tiny":-12.500e-3,"list":[1E+3,0.10]}"#
            let key = [("Idempotency-Key", "numbers")]
            let created = try await server.client.post("/jobs", #"{"input":"https://x.com/a.mp4","kind":"video","options":{"width":6.4e2},"metadata":\#(metadata)}"#, headers: key)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(try created.json["id"]?.stringValue)
            let fetched = try await server.client.get("/jobs/\(id)")
            let listed = try await server.client.get("/jobs")
            let replayed = try await server.client.post("/jobs", #"{"input":"https://x.com/a.mp4","kind":"video","options":{"width":6.4e2},"metadata":\#(metadata)}"#, headers: key)
            #expect(replayed.status == 200)
            for response in [created, fetched, listed, replayed] {
                #expect(response.text.contains(#""metadata":\#(metadata)"#), "\(response.text)")
                #expect(response.text.contains(#""options":{"width":6.4e2}"#))
            }
            let task = try await server.client.post("/tasks", #"{"kind":"probe","input":{"url":"https://x.com/a.mp4"},"metadata":\#(metadata)}"#)
            #expect(task.status == 201)
            let taskID = try #require(try task.json["id"]?.stringValue)
            #expect(try await server.client.get("/tasks/\(taskID)").text.contains(#""metadata":\#(metadata)"#))
        }
    }

    @Test func getJobMatchesTheDocumentedResponse() async throws {
        try await TestServer.run { server in
            let openAPI = try await Self.validator(server)
            let documented = try Fixtures.json("get-job-200.json")
            let created = try await server.client.createJob(#"{"input":"https://example.com/video.mp4","kind":"video","options":{"format":"mp4","quality":"high"},"metadata":{"customer":"acme","tags":["a",1,null]}}"#)
            let id = try #require(created["id"]?.stringValue)
            let response = try await server.client.get("/jobs/\(id)")
            #expect(response.status == 200)
            #expect(Shape.differences(documented: documented, actual: try response.json) == [])
            #expect(openAPI.problems(path: "/jobs/{id}", method: "GET", response: response) == [])
            #expect(try response.json == created)
            #expect(try response.json["metadata"]?.serialized() == #"{"customer":"acme","tags":["a",1,null]}"#)

            let missing = try await server.client.get("/jobs/job_01ZZZZZZZZZZZZZZZZZZZZZZZZ")
            #expect(missing.status == 404)
            #expect(missing.errorKind == "job_not_found")
            #expect(openAPI.problems(path: "/jobs/{id}", method: "GET", response: missing) == [])
            let malformed = try await server.client.get("/jobs/not-an-id")
            #expect(malformed.status == 404 && malformed.errorKind == "job_not_found")
        }
    }

    @Test func listJobsExamplesMatchTheDocumentedResponse() async throws {
        try await TestServer.run { server in
            let openAPI = try await Self.validator(server)
            guard case .array(let documented) = try Fixtures.json("list-jobs-200.json"), let documentedJob = documented.first else {
                throw TestFailure("fixture")
            }
            for i in 0..<12 {
                _ = try await server.client.createJob(#"{"input":"https://example.com/\#(i).mp4","kind":"video"}"#)
            }
            _ = try await server.client.createJob(#"{"input":"https://example.com/a.mp4","kind":"audio"}"#)

            let videos = try await server.client.get("/jobs?kind=video&limit=10")
            #expect(videos.status == 200)
            #expect(openAPI.problems(path: "/jobs", method: "GET", response: videos) == [])
            guard case .array(let items) = try videos.json else { throw TestFailure("not an array") }
            #expect(items.count == 10)
            for item in items {
                #expect(Shape.differences(documented: documentedJob, actual: item) == [])
                #expect(item["kind"] == "video")
                #expect(item["tasks"] == nil)
            }
            #expect(videos.header("Has-More") == "true")
            let link = try #require(videos.header("Link"))
            #expect(link.hasPrefix("<\(TestServer.publicURL)/jobs?") && link.hasSuffix(">; rel=\"next\""))
            #expect(link.contains("kind=video") && link.contains("limit=10") && link.contains("after=\(items.last?["id"]?.stringValue ?? "")"))

            let failed = try await server.client.get("/jobs?status=failed&limit=20")
            #expect(failed.status == 200)
            #expect(failed.text == "[]")
            #expect(failed.header("Has-More") == "false")
            #expect(failed.header("Link") == nil)
            #expect(openAPI.problems(path: "/jobs", method: "GET", response: failed) == [])

            let byInput = try await server.client.get("/jobs?input=https%3A%2F%2Fexample.com%2F3.mp4")
            guard case .array(let matches) = try byInput.json else { throw TestFailure("not an array") }
            #expect(matches.count == 1 && matches.first?["input"] == "https://example.com/3.mp4")
        }
    }

    @Test func healthAndSpec() async throws {
        try await TestServer.run { server in
            let openAPI = try await Self.validator(server)
            let health = try await server.client.get("/healthz", apiKey: .some(nil))
            #expect(health.status == 200)
            #expect(openAPI.problems(path: "/healthz", method: "GET", response: health) == [])
            #expect(openAPI.spec["openapi"] == "3.1.0")
        }
    }
}
