import Foundation
import KilnCore
import Testing

extension HTTPTestClient {
    func waitForTask(_ id: String, timeout: Duration = .seconds(120)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let task = try await get("/tasks/\(id)").json
            if ["succeeded", "failed", "cancelled"].contains(task["status"]?.stringValue ?? "") { return task }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("task \(id) did not finish in time")
    }

    func createTask(_ body: String) async throws -> JSONValue {
        let response = try await post("/tasks", body)
        guard response.status == 201 else { throw TestFailure("POST /tasks answered \(response.status): \(response.text)") }
        return try response.json
    }
}

/// `POST /tasks`, `GET /tasks` and `GET /tasks/{id}`.
@Suite(.serialized) struct TaskTests {
    @Test func probeThenVideoThenExportChainThroughTheTasksAPI() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let openAPI = try await ContractTests.validator(server)
                let created = try await server.client.post("/tasks", #"{"kind":"probe","input":{"url":"\#(media.url("/media/bigbuckbunny.mp4"))"}}"#)
                #expect(created.status == 201)
                #expect(openAPI.problems(path: "/tasks", method: "POST", response: created) == [])
                let probeCreated = try created.json
                #expect(probeCreated["status"] == "waiting" && probeCreated["job_id"] == .null && probeCreated["object"] == "task")
                #expect(probeCreated["created_by"]?.stringValue?.hasPrefix("key_") == true)

                let probe = try await server.client.waitForTask(try #require(probeCreated["id"]?.stringValue))
                #expect(probe["status"] == "succeeded", "\(probe["error"]?.serialized() ?? "")")
                let file = try #require(probe["output"])
                #expect(file["object"] == "file" && file["width"] == 1280 && file["kind"] == "video")

                let videoCreated = try await server.client.createTask(#"{"kind":"video","input":\#(file.serialized()),"options":{"width":320,"format":"webm"}}"#)
                let video = try await server.client.waitForTask(try #require(videoCreated["id"]?.stringValue))
                #expect(video["status"] == "succeeded", "\(video["error"]?.serialized() ?? "")")
                let encoded = try #require(video["output"])
                #expect(encoded["url"]?.stringValue?.hasPrefix(TestServer.publicURL + "/files/") == true)
                #expect(encoded["width"] == 320 && encoded["format"] == "webm")

                let exportCreated = try await server.client.createTask(#"{"kind":"export","input":\#(encoded.serialized())}"#)
                let export = try await server.client.waitForTask(try #require(exportCreated["id"]?.stringValue))
                #expect(export["status"] == "succeeded", "\(export["error"]?.serialized() ?? "")")
                let exported = try #require(export["output"]?["url"]?.stringValue)
                #expect(exported != encoded["url"]?.stringValue)
                let downloaded = try await MediaInspector(server: server).download(exported)
                defer { try? FileManager.default.removeItem(at: downloaded) }
                #expect(try MediaInspector.ffprobe(downloaded.path).stream("video")?["codec_name"] == "vp9")

                let fetched = try await server.client.get("/tasks/\(try #require(export["id"]?.stringValue))")
                #expect(openAPI.problems(path: "/tasks/{id}", method: "GET", response: fetched) == [])

                // An image task from the probe's output, as the published CLI pipes them.
                let imageCreated = try await server.client.createTask(#"{"kind":"image","input":\#(file.serialized()),"options":{"start":2,"width":200}}"#)
                let image = try await server.client.waitForTask(try #require(imageCreated["id"]?.stringValue))
                #expect(image["status"] == "succeeded" && image["output"]?["width"] == 200)
            }
        }
    }

    @Test func createTaskValidation() async throws {
        try await TestServer.run { server in
            let cases: [(String, Int, String)] = [
                (#"{"input":{"url":"https://x.com/a.mp4"}}"#, 400, "kind_required"),
                (#"{"kind":"transcode","input":{"url":"https://x.com/a.mp4"}}"#, 400, "invalid_kind"),
                (#"{"kind":"probe"}"#, 400, "input_required"),
                (#"{"kind":"probe","input":"https://x.com/a.mp4"}"#, 400, "invalid_request"),
                (#"{"kind":"probe","input":{"url":"ftp://x.com/a.mp4"}}"#, 400, "invalid_input"),
                (#"{"kind":"probe","input":{}}"#, 400, "invalid_input"),
                (#"{"kind":"probe","input":{"url":"https://x.com/a.mp4"},"options":{"width":3}}"#, 400, "invalid_option"),
                (#"{"kind":"video","input":{"object":"file","url":"https://x.com/a.mp4"},"options":{"codec":"h265","format":"webm"}}"#, 400, "invalid_codec"),
                (#"{"kind":"image","input":{"object":"external_file","url":"https://x.com/a.mp4"}}"#, 400, "invalid_input"),
                (#"{"kind":"export","input":{"object":"file","url":"https://x.com/a.mp4"},"options":{"url":"https://x.com/b"}}"#, 400, "invalid_request"),
                (#"{"kind":"video","input":{"object":"file","url":"\#(TestServer.publicURL)/files/task_01ABC/gone.mp4"}}"#, 400, "invalid_input"),
                (#"{"kind":"probe","input":{"url":"https://x.com/a.mp4"},"extra":1}"#, 400, "invalid_request"),
                (#"{"kind":"probe","input":{"url":"https://x.com/a.mp4"}}"#, 201, ""),
                (#"{"kind":"audio","input":{"url":"https://x.com/a.mp4","width":3},"options":{"format":"opus"}}"#, 201, ""),
            ]
            for (body, status, kind) in cases {
                let response = try await server.client.post("/tasks", body)
                #expect(response.status == status, "\(body): \(response.text)")
                if status != 201 { #expect(response.errorKind == kind, "\(body): \(response.text)") }
            }
            #expect(try await server.client.get("/tasks/task_01ZZZZZZZZZZZZZZZZZZZZZZZZ").errorKind == "task_not_found")
            #expect(try await server.client.get("/tasks/nope").status == 404)
        }
    }

    @Test func everyFilterAloneAndCombinedWithPagination() async throws {
        try await TestServer.run { server in
            let openAPI = try await ContractTests.validator(server)
            var jobIDs: [String] = []
            for i in 0..<6 {
                let kind = i % 2 == 0 ? "video" : "audio"
                let job = try await server.client.createJob(#"{"input":"https://x.com/\#(i).mp4","kind":"\#(kind)"}"#)
                jobIDs.append(job["id"]?.stringValue ?? "")
            }
            var standalone: [String] = []
            for i in 0..<5 {
                let task = try await server.client.createTask(#"{"kind":"probe","input":{"url":"https://x.com/s\#(i).mp4"}}"#)
                standalone.append(task["id"]?.stringValue ?? "")
            }
            #expect(try await server.client.request(.POST, "/jobs/\(jobIDs[0])/cancel").status == 200)
            let other = try await server.store.createAPIKey(projectName: "default", name: "second", now: KilnClock.system.nowMillis())
            let byOther = try await server.client.post("/tasks", #"{"kind":"probe","input":{"url":"https://x.com/o.mp4"}}"#, apiKey: other.secret)
            let otherKeyID = try #require(try byOther.json["created_by"]?.stringValue)

            func ids(_ query: String) async throws -> [String] {
                let pages = try await PaginationTests.walk(server, from: "/tasks?\(query)")
                return pages.flatMap { $0 }
            }
            let all = try await ids("limit=7")
            let everyTask = 6 * 4 + 5 + 1
            #expect(all.count == everyTask)
            #expect(all == all.sorted(by: >))
            let ascending = try await ids("limit=4&order=asc")
            #expect(ascending == all.reversed())

            let list = try await server.client.get("/tasks?limit=3")
            #expect(openAPI.problems(path: "/tasks", method: "GET", response: list) == [])

            let probes = try await ids("kind=probe&limit=2")
            #expect(probes.count == 12)
            #expect(try await ids("kind=audio").count == 3)
            #expect(try await ids("status=cancelled").count == 4)
            let waiting = try await ids("status=waiting&limit=5")
            #expect(waiting.count == everyTask - 4)
            let byJob = try await ids("job_id=\(jobIDs[1])")
            let byRun = try await ids("run_id=\(jobIDs[1])")
            #expect(byJob == byRun && byJob.count == 4)
            #expect(try await ids("job_id=\(jobIDs[1])&order=asc&limit=1").count == 4)
            #expect(try await ids("job_id=\(jobIDs[0])&status=cancelled&kind=export").count == 1)
            #expect(try await ids("created_by=\(jobIDs[2])").count == 4)
            let otherTaskID = try byOther.json["id"]?.stringValue ?? ""
            #expect(try await ids("created_by=\(otherKeyID)") == [otherTaskID])
            #expect(try await ids("kind=probe&created_by=\(otherKeyID)&status=waiting").count == 1)
            let standaloneOnly = try await ids("kind=probe&order=asc&after=\(standalone[0])&limit=2")
            #expect(standaloneOnly == Array(standalone.dropFirst()) + [otherTaskID])

            // Every kind the List Tasks page lists is a filter, whether or not this server runs it.
            #expect(try await server.client.get("/tasks?kind=speech").text == "[]")
            #expect(try await ids("kind=ingest") == (try await ids("kind=import")))
            #expect(try await server.client.get("/tasks?kind=transcode").errorKind == "invalid_request")
            #expect(try await server.client.get("/tasks?status=ready").errorKind == "invalid_request")
            #expect(try await server.client.get("/tasks?job_id=a&run_id=b").errorKind == "invalid_request")
            #expect(try await server.client.get("/tasks?after=job_01ABC").errorKind == "invalid_request")

            let outsider = try await server.store.createAPIKey(projectName: "elsewhere", name: nil, now: KilnClock.system.nowMillis())
            #expect(try await server.client.get("/tasks", apiKey: outsider.secret).text == "[]")
            #expect(try await server.client.get("/tasks/\(standalone[0])", apiKey: outsider.secret).errorKind == "task_not_found")
        }
    }
}
