import Foundation
import KilnCore
import KilnNode
import KilnObservability
import Synchronization
import Testing

/// `/metrics` (who may read it, and that its figures move as jobs run), `X-Request-Id`, and the
/// ids every JSON log line carries.
@Suite(.serialized) struct ObservabilityTests {
    static let token = "metrics-secret-token"

    @Test func everyRequestGetsAnIDAndAClientsOwnIsKept() async throws {
        try await TestServer.run { server in
            let generated = try await server.client.get("/jobs")
            let id = try #require(generated.header("X-Request-Id"))
            #expect(IDSource.isWellFormed(id, prefix: .request))
            let other = try #require(try await server.client.get("/jobs").header("X-Request-Id"))
            #expect(other != id, "each request its own")

            let mine = try await server.client.request(.GET, "/jobs/job_01M84JG7A8RJZA41K306VVA24F", headers: [("X-Request-Id", "trace-42.a:b")])
            #expect(mine.status == 404 && mine.header("X-Request-Id") == "trace-42.a:b", "errors carry it too")
            let unauthorized = try await server.client.request(.GET, "/jobs", headers: [("X-Request-Id", "abc")], apiKey: .some(nil))
            #expect(unauthorized.status == 401 && unauthorized.header("X-Request-Id") == "abc")

            for unsafe in ["has space", "quote\"d", String(repeating: "a", count: 129)] {
                let replaced = try await server.client.request(.GET, "/healthz", headers: [("X-Request-Id", unsafe)])
                #expect(replaced.header("X-Request-Id").map { IDSource.isWellFormed($0, prefix: .request) } == true, "\(unsafe) is replaced")
            }
        }
    }

    @Test func metricsOnTheAPIPortNeedTheToken() async throws {
        try await TestServer.run { server in
            let response = try await server.client.get("/metrics")
            #expect(response.status == 404 && response.errorKind == "not_found", "no token: not served on the API port")
            #expect(try await ContractTests.validator(server).problems(path: "/metrics", method: "GET", response: response) == [])
            #expect(try response.json["message"]?.stringValue?.contains("--metrics-token") == true)
        }
        try await TestServer.run(metrics: MetricsSettings(token: Self.token)) { server in
            let missing = try await server.client.get("/metrics", apiKey: .some(nil))
            #expect(missing.errorKind == "token_missing")
            #expect(try await ContractTests.validator(server).problems(path: "/metrics", method: "GET", response: missing) == [])
            #expect(try await server.client.get("/metrics").errorKind == "token_invalid", "an API key does not open them")
            #expect(try await server.client.get("/metrics", apiKey: "wrong").status == 401)
            let metrics = try await server.client.get("/metrics", apiKey: Self.token)
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type") == NodeMetrics.contentType)
            let text = MetricsText(metrics.text)
            #expect(text.has(NodeMetrics.Name.jobsCreated) && text.has(NodeMetrics.Name.queueDepth) && text.has(NodeMetrics.Name.workers))
        }
    }

    @Test func aMetricsPortServesThemWithoutTouchingTheAPIPort() async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        try await TestServer.run(metrics: MetricsSettings(port: 0) { continuation.yield($0) }) { server in
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let metrics = HTTPTestClient(baseURL: "http://127.0.0.1:\(port)", apiKey: nil)
            let response = try await metrics.get("/metrics")
            #expect(response.status == 200 && MetricsText(response.text).has(NodeMetrics.Name.queueDepth))
            #expect(try await metrics.get("/jobs").status == 404, "the metrics port serves metrics only")
            #expect(try await server.client.get("/metrics").status == 404, "and the API port keeps them to itself")
        }
    }

    @Test func countersMoveAsJobsRun() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init(), metrics: MetricsSettings(token: Self.token)) { server in
                let before = MetricsText(try await server.client.get("/metrics", apiKey: Self.token).text)
                let created = try await server.client.createJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"video","options":{"width":160,"end":1}}"#)
                let id = try #require(created["id"]?.stringValue)
                #expect(try await server.client.waitForJob(id)["status"] == "succeeded")
                let failed = try await server.client.createJob(#"{"input":"\#(media.url("/media/missing.mp4"))","kind":"audio"}"#)
                #expect(try await server.client.waitForJob(try #require(failed["id"]?.stringValue))["status"] == "failed")
                let queued = try await server.client.createJob(#"{"input":"\#(media.url("/silent"))","kind":"image"}"#)
                _ = try await server.client.waitForJob(try #require(queued["id"]?.stringValue)) { $0["status"] == "processing" }
                _ = try await server.client.post("/jobs/\(queued["id"]?.stringValue ?? "")/cancel", "")

                let after = MetricsText(try await server.client.get("/metrics", apiKey: Self.token).text)
                let moved = { (name: String, labels: [String: String]) in after.value(name, labels) - before.value(name, labels) }
                #expect(moved(NodeMetrics.Name.jobsCreated, ["kind": "video"]) == 1)
                #expect(moved(NodeMetrics.Name.jobsCreated, ["kind": "audio"]) == 1)
                #expect(moved(NodeMetrics.Name.jobsFinished, ["kind": "video", "status": "succeeded"]) == 1)
                #expect(moved(NodeMetrics.Name.jobsFinished, ["kind": "audio", "status": "failed"]) == 1)
                #expect(moved(NodeMetrics.Name.jobsFinished, ["kind": "image", "status": "cancelled"]) == 1)
                #expect(moved(NodeMetrics.Name.requests, ["method": "POST", "route": "/jobs", "status": "201"]) == 3)
                #expect(moved(NodeMetrics.Name.requests, ["method": "GET", "route": "/jobs/{id}", "status": "200"]) >= 1, "routes by their pattern")
                #expect(moved(NodeMetrics.Name.requestDuration + "_count", ["method": "POST", "route": "/jobs"]) == 3)
                #expect(moved(NodeMetrics.Name.taskDuration + "_count", ["kind": "video", "status": "succeeded"]) == 1)
                #expect(moved(NodeMetrics.Name.taskDuration + "_count", ["kind": "probe", "status": "failed"]) == 1)
                #expect(moved(NodeMetrics.Name.encodeSpeed + "_count", ["kind": "video"]) == 1)
                #expect(after.value(NodeMetrics.Name.encodeSpeed + "_sum", ["kind": "video"]) > 0)
                #expect(moved(NodeMetrics.Name.fetchedBytes, ["source": "http"]) >= 509_868, "bikes.mp4 was fetched")
                #expect(moved(NodeMetrics.Name.exportedBytes, ["destination": "local"]) > 0)
                #expect(after.value(NodeMetrics.Name.workers, ["state": "busy"]) + after.value(NodeMetrics.Name.workers, ["state": "idle"]) == 1)
            }
        }
    }

    @Test func theQueueGaugesReadTheStoreAtEachScrape() async throws {
        // No workers: what is created waits.
        try await TestServer.run(metrics: MetricsSettings(token: Self.token)) { server in
            let empty = MetricsText(try await server.client.get("/metrics", apiKey: Self.token).text)
            #expect(empty.value(NodeMetrics.Name.queueDepth) == 0 && empty.value(NodeMetrics.Name.queueOldestAge) == 0)
            for _ in 0..<3 { _ = try await server.client.createJob(#"{"input":"https://example.com/a.mp4","kind":"video"}"#) }
            try await Task.sleep(for: .milliseconds(300))
            let waiting = MetricsText(try await server.client.get("/metrics", apiKey: Self.token).text)
            #expect(waiting.value(NodeMetrics.Name.queueDepth) == 3)
            #expect(waiting.value(NodeMetrics.Name.queueOldestAge) >= 0.25)
            #expect(waiting.value(NodeMetrics.Name.workers, ["state": "idle"]) == 0, "an API-only node has no workers")
        }
    }

    /// The lines a request and a job write carry the ids that tie them together.
    @Test func jsonLogLinesCarryTheRequestJobTaskAndWorker() async throws {
        let lines = Mutex<[String]>([])
        let sink = JSONLineSink { line in lines.withLock { $0.append(line) } }
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init(), logs: sink) { server in
                let response = try await server.client.post(
                    "/jobs", #"{"input":"\#(media.url("/media/missing.mp4"))","kind":"video"}"#, headers: [("X-Request-Id", "create-1")]
                )
                let id = try #require(try response.json["id"]?.stringValue)
                _ = try await server.client.waitForJob(id)
            }
        }
        let records = try lines.withLock { $0 }.map { line -> JSONValue in
            #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n"))
            return try JSONParser.parse(String(line.dropLast()))
        }
        let request = try #require(records.first { $0["request_id"] == "create-1" })
        #expect(request["message"] == "request" && request["route"] == "/jobs" && request["status"] == 201 && request["method"] == "POST")
        let started = try #require(records.first { $0["message"] == "steps started" })
        let jobID = try #require(started["job_id"]?.stringValue)
        #expect(started["worker"]?.stringValue?.hasPrefix("test-") == true)
        let task = try #require(records.first { $0["message"] == "task failed" })
        #expect(task["job_id"]?.stringValue == jobID && task["task_id"]?.stringValue?.hasPrefix("task_") == true && task["kind"] == "probe")
        let finished = try #require(records.first { $0["message"] == "run finished" })
        #expect(finished["job_id"]?.stringValue == jobID && finished["status"] == "failed" && finished["error_kind"] == "input_unreachable")
        #expect(records.allSatisfy { $0["time"] != nil && $0["level"] != nil && $0["message"] != nil })
        #expect(!records.contains { $0.serialized().contains("Bearer") }, "no key in any line")
    }
}
