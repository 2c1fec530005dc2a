import Foundation
import KilnCore
import KilnStore
import Testing

/// Workflows end to end (issue #15): one probe and import, then every step on the workers there
/// are, a condition's branch taken or not, the results by ref; validation naming the step;
/// failure and cancel of a run whose steps run at once.
@Suite(.serialized) struct WorkflowTests {
    /// The issue's example, with an audio step where it has subtitles (and smaller sizes, to be quick).
    static func example(_ input: String) -> String {
        #"""
        {"input":"\#(input)","workflow":[
          {"kind":"video","options":{"width":128},"ref":"web"},
          {"kind":"image","options":{"start":2,"format":"webp","width":160},"ref":"poster"},
          {"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":60}],
           "next":[{"kind":"adaptive_video","options":{"quality":"very_low"},"ref":"hls"}]},
          {"kind":"audio","ref":"sound"}
        ]}
        """#
    }

    /// A minute and a second of small video with a tone: the long branch of the example.
    static func longInput() throws -> Data {
        try PipelineBehaviourTests.generate(
            ["-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=61", "-f", "lavfi", "-i", "sine=d=61", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"],
            ext: "mp4"
        )
    }

    static func tasks(_ job: JSONValue) throws -> [JSONValue] {
        guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
        return tasks
    }

    @Test func theExampleTakesBothBranchesOfItsConditionOnSeveralWorkers() async throws {
        try await MediaServer.run(extraFiles: ["long.mp4": try Self.longInput()]) { media in
            try await TestServer.run(pipeline: .init(workers: 3)) { server in
                let openAPI = try await ContractTests.validator(server)
                let created = try await server.client.request(.POST, "/jobs", body: Self.example(media.url("/media/bigbuckbunny.mp4")))
                #expect(created.status == 201 && openAPI.problems(path: "/jobs", method: "POST", response: created) == [])
                let shortJob = try created.json
                #expect(shortJob["kind"] == "workflow" && shortJob["outputs"] == .object(JSONObject()) && shortJob["options"] == .object(JSONObject()))
                let queued = try Self.tasks(shortJob)
                #expect(queued.map { $0["kind"]?.stringValue ?? "" } == ["probe", "import", "video", "image", "conditions", "adaptive_video", "audio"])
                #expect(queued.map { $0["ref"]?.stringValue ?? "-" } == ["-", "-", "web", "poster", "-", "hls", "sound"])
                #expect(queued.allSatisfy { $0["status"] == "waiting" })

                let long = try await server.client.createJob(Self.example(media.url("/media/long.mp4")))
                let short = try await server.client.waitForJob(shortJob["id"]?.stringValue ?? "")
                let longDone = try await server.client.waitForJob(long["id"]?.stringValue ?? "")

                // The short input: the condition does not hold; HLS is cancelled, the rest published.
                #expect(short["status"] == "succeeded", "\(short["error"]?.serialized() ?? "")")
                let shortTasks = try Self.tasks(short)
                #expect(shortTasks[4]["status"] == "succeeded" && shortTasks[4]["output"] == ["matched": false])
                #expect(shortTasks[5]["status"] == "cancelled" && shortTasks[5]["error"]?["kind"] == "condition_not_met")
                #expect(short["outputs"]?.objectValue?.keys == ["web", "poster", "sound"])
                #expect(short["output"] == short["outputs"]?["web"], "the job's output is its first step's result")
                #expect(shortTasks[2]["input"] == shortTasks[1]["output"] && shortTasks[4]["input"] == shortTasks[1]["output"], "every step reads the import")
                let finished = try await server.client.get("/jobs/\(short["id"]?.stringValue ?? "")")
                #expect(openAPI.problems(path: "/jobs/{id}", method: "GET", response: finished) == [])

                // The long input: the condition holds and the HLS stream is made.
                #expect(longDone["status"] == "succeeded", "\(longDone["error"]?.serialized() ?? "")")
                let longTasks = try Self.tasks(longDone)
                #expect(longTasks[4]["output"] == ["matched": true] && longTasks[5]["status"] == "succeeded")
                #expect(longTasks[5]["input"] == longTasks[1]["output"], "a step after a condition reads what the condition read")
                #expect(longDone["outputs"]?.objectValue?.keys == ["web", "poster", "hls", "sound"])

                let inspector = MediaInspector(server: server)
                let web = try await inspector.download(try #require(longDone["outputs"]?["web"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: web) }
                let webProbe = try MediaInspector.ffprobe(web.path)
                #expect(webProbe.stream("video")?["width"] == 128, "\(webProbe.serialized())")
                let poster = try await inspector.download(try #require(longDone["outputs"]?["poster"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: poster) }
                #expect(try MediaInspector.ffprobe(poster.path).stream("video")?["codec_name"] == "webp")
                let hls = try #require(longDone["outputs"]?["hls"]?.stringValue)
                #expect(hls.hasSuffix("/hls/master.m3u8") || hls.hasSuffix("/hls/long/master.m3u8") && hls.contains("/files/\(longDone["id"]?.stringValue ?? "")/"), "results go under the job, by ref: \(hls)")
                let sound = try await inspector.download(try #require(longDone["outputs"]?["sound"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: sound) }
                #expect(try MediaInspector.ffprobe(sound.path).stream("audio")?["codec_name"] == "mp3")

                // Nothing is left behind but the results: no scratch, no imported copy.
                try await Task.sleep(for: .milliseconds(300))
                for id in [short["id"], longDone["id"]].compactMap({ $0?.stringValue }) {
                    #expect(!FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("scratch/\(id)").path))
                    #expect(!FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("files/\(id)/.input").path))
                }
                #expect(media.requests(for: "/media/long.mp4") == 1, "one fetch of the input for every step")

                let listed = try await server.client.get("/jobs?kind=workflow").json
                #expect(listed.arrayValue?.count == 2 && listed.arrayValue?.first?["outputs"]?.objectValue?.isEmpty == false)
                let events = try await server.client.get("/events?job_id=\(longDone["id"]?.stringValue ?? "")&limit=100").json
                let kinds = events.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
                #expect(kinds.filter { $0 == "task.succeeded" }.count == 7 && kinds.contains("job.succeeded"))
            }
        }
    }

    /// The issue's example exactly: the web version to S3 through a connection, the captions by
    /// the speech engine (which scripts/test installs, as for the other analysis tests).
    static func issueExample(_ input: String) -> String {
        #"""
        {"input":"\#(input)","workflow":[
          {"kind":"video","options":{"width":1280},"ref":"web","output":"s3://media/{id}/{ref}.{ext}"},
          {"kind":"image","options":{"start":2,"format":"webp","width":640},"ref":"poster"},
          {"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":60}],
           "next":[{"kind":"adaptive_video","ref":"hls"}]},
          {"kind":"subtitles","ref":"captions"}
        ]}
        """#
    }

    /// A talk on a small changing picture: 24 s (the short branch), and 61 s with silence after
    /// the talk (the long one).
    static func talks() throws -> [String: Data] {
        let talk = try SpeechClips.wav(silence: 40)
        return [
            "talk-short.mp4": try SpeechClips.video(audio: talk, seconds: 24, sceneSeconds: 8),
            "talk-long.mp4": try SpeechClips.video(audio: talk, seconds: 61, sceneSeconds: 20),
        ]
    }

    /// Checks a finished job of `issueExample`: its tasks and refs, the branch its condition took,
    /// its outputs by ref (the web version in the bucket), its output, and the captions.
    static func checkIssueExample(_ job: JSONValue, long: Bool, s3: S3TestServer, download: (String) async throws -> Data) async throws {
        #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
        let id = try #require(job["id"]?.stringValue)
        let tasks = try Self.tasks(job)
        #expect(tasks.map { $0["kind"]?.stringValue ?? "" } == ["probe", "import", "video", "image", "conditions", "adaptive_video", "subtitles"])
        #expect(tasks.map { $0["ref"]?.stringValue ?? "-" } == ["-", "-", "web", "poster", "-", "hls", "captions"])
        #expect(tasks[2...].filter { $0["status"] == "succeeded" }.allSatisfy { $0["input"] == tasks[1]["output"] }, "every step that ran read the one import")
        #expect(tasks[4]["output"] == ["matched": .bool(long)])
        if long {
            #expect(tasks[5]["status"] == "succeeded" && job["outputs"]?.objectValue?.keys == ["web", "poster", "hls", "captions"])
        } else {
            #expect(tasks[5]["status"] == "cancelled" && tasks[5]["error"]?["kind"] == "condition_not_met")
            #expect(job["outputs"]?.objectValue?.keys == ["web", "poster", "captions"])
        }
        #expect(job["outputs"]?["web"] == .string("s3://media/\(id)/web.mp4"))
        #expect(job["output"] == job["outputs"]?["web"], "the job's output is the first step's result")
        #expect(try s3.client("head", "media", "\(id)/web.mp4")["content_type"] == "video/mp4")

        let captions = tasks[6]["output"]
        #expect(captions?["kind"] == "text" && captions?["format"] == "vtt" && captions?["url"] == job["outputs"]?["captions"], "\(captions?.serialized() ?? "")")
        let text = String(decoding: try await download(try #require(captions?["url"]?.stringValue)), as: UTF8.self)
        #expect(text.hasPrefix("WEBVTT\n"), "\(text.prefix(200))")
        try SpeechClips.checkCaptions(text, duration: try #require(tasks[0]["output"]?["duration"]?.doubleValue))
        let said = try SpeechClips.cues(text).flatMap(\.lines).joined(separator: " ").lowercased()
        for word in SpeechClips.keywords { #expect(said.contains(word), "'\(word)' in the captions") }
    }

    @Test func theIssuesExampleWithSubtitlesTakesBothBranches() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "media")
            try await MediaServer.run(extraFiles: try Self.talks()) { media in
                try await TestServer.run(pipeline: .init(workers: 3)) { server in
                    try await S3Tests.connect(server, s3)
                    let short = try await server.client.createJob(Self.issueExample(media.url("/media/talk-short.mp4")))
                    let long = try await server.client.createJob(Self.issueExample(media.url("/media/talk-long.mp4")))
                    let inspector = MediaInspector(server: server)
                    for (job, isLong) in [(short, false), (long, true)] {
                        let done = try await server.client.waitForJob(try #require(job["id"]?.stringValue))
                        try await Self.checkIssueExample(done, long: isLong, s3: s3) { try await inspector.rawDownload(inspector.localURL($0)) }
                    }
                    #expect(media.requests(for: "/media/talk-short.mp4") == 1 && media.requests(for: "/media/talk-long.mp4") == 1, "one fetch per input")
                }
            }
        }
    }

    @Test func validationErrorsNameTheStep() async throws {
        try await TestServer.run(pipeline: .init(workers: 0)) { server in
            func refused(_ workflow: String, extra: String = "") async throws -> (String?, String) {
                let response = try await server.client.request(.POST, "/jobs", body: #"{"input":"https://example.com/a.mp4"\#(extra),"workflow":\#(workflow)}"#)
                #expect(response.status == 400, "\(workflow)")
                let body = try response.json
                return (body["kind"]?.stringValue, body["message"]?.stringValue ?? "")
            }
            let nested = try await refused(#"[{"kind":"video"},{"kind":"image"},{"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":60}],"next":[{"kind":"video","options":{"width":9000}}]}]"#)
            #expect(nested.0 == "invalid_option" && nested.1.hasPrefix("workflow[2].next[0].options.width must be"), "\(nested.1)")
            let wrongType = try await refused(#"[{"kind":"video","options":{"width":true}}]"#)
            #expect(wrongType.0 == "invalid_request" && wrongType.1.hasPrefix("workflow[0].options.width must be"), "\(wrongType.1)")
            let codec = try await refused(#"[{"kind":"audio"},{"kind":"video","options":{"format":"webm","codec":"h264"}}]"#)
            #expect(codec.0 == "invalid_codec" && codec.1.hasPrefix("workflow[1].options"), "\(codec.1)")
            let condition = try await refused(#"[{"kind":"conditions","conditions":[{"prop":"duration","operator":"==","value":"long"}],"next":[{"kind":"video"}]}]"#)
            #expect(condition.0 == "invalid_request" && condition.1.hasPrefix("workflow[0].conditions[0].value must be a number"), "\(condition.1)")
            let order = try await refused(#"[{"kind":"conditions","conditions":[{"prop":"codecs.video.name","operator":">","value":"h264"}],"next":[{"kind":"video"}]}]"#)
            #expect(order.1.contains("compares numbers"), "\(order.1)")
            let prop = try await refused(#"[{"kind":"conditions","conditions":[{"prop":"colour","operator":"exists","value":true}],"next":[{"kind":"video"}]}]"#)
            #expect(prop.1.hasPrefix("workflow[0].conditions[0].prop 'colour' is not known"), "\(prop.1)")
            let duplicate = try await refused(#"[{"kind":"video","ref":"a"},{"kind":"image","ref":"a"}]"#)
            #expect(duplicate.1.contains("ref 'a' is used twice"))
            let badRef = try await refused(#"[{"kind":"video","ref":"Web Version"}]"#)
            #expect(badRef.1.hasPrefix("workflow[0].ref must be"))
            let kind = try await refused(#"[{"kind":"export"}]"#)
            #expect(kind.0 == "invalid_kind" && kind.1.hasPrefix("workflow[0].kind 'export' cannot be a workflow step"))
            let many = "[" + Array(repeating: #"{"kind":"image"}"#, count: 21).joined(separator: ",") + "]"
            #expect(try await refused(many).1.contains("more than 20 steps"))
            #expect(try await refused(#"[{"kind":"video"}]"#, extra: #","kind":"video""#).1.contains("either kind and options, or workflow"))
            #expect(try await refused(#"[{"kind":"video","next":[]}]"#).1.contains("unknown field 'next'"))
            #expect(try await refused("[]").1.contains("at least one step"))
            #expect(try await refused(#"[{"kind":"video"}]"#, extra: #","connection_id":5"#).1 == "connection_id must be a string, not number", "as for a job")
            let needsConnection = try await server.client.request(.POST, "/jobs", body: #"""
                {"input":"https://example.com/a.mp4","workflow":[{"kind":"image"},{"kind":"conditions","conditions":[{"prop":"has_audio","operator":"==","value":true}],
                 "next":[{"kind":"audio"},{"kind":"video","output":"s3://media/{id}/{ref}.{ext}"}]}]}
                """#)
            let needsConnectionBody = try needsConnection.json
            #expect(needsConnection.status == 400 && needsConnectionBody["kind"] == "connection_required")
            #expect(needsConnectionBody["message"]?.stringValue?.hasPrefix("workflow[1].next[1].output is an s3:// destination") == true, "the step is named: \(needsConnectionBody.serialized())")
            // Refs are given to the steps that name none: their kind, then _2 …
            let named = try await server.client.createJob(#"{"input":"https://example.com/a.mp4","workflow":[{"kind":"image"},{"kind":"image","ref":"image_2"},{"kind":"image"}]}"#)
            #expect(try Self.tasks(named).dropFirst(2).map { $0["ref"]?.stringValue ?? "" } == ["image", "image_2", "image_3"])
        }
    }

    @Test func aFailedStepFailsTheJobAndWhatSucceededStaysPublished() async throws {
        try await MediaServer.run { media in
            // One worker takes the steps in order: the poster succeeds, the audio of a silent video fails.
            try await TestServer.run(pipeline: .init(workers: 1)) { server in
                let job = try await server.client.runJob(#"""
                    {"input":"\#(media.url("/media/bikes.mp4"))","workflow":[
                      {"kind":"image","ref":"poster","options":{"width":64}},{"kind":"audio","ref":"sound"},{"kind":"video","ref":"web"}]}
                    """#)
                #expect(job["status"] == "failed" && job["error"]?["kind"] == "unsupported_media", "\(job.serialized())")
                let tasks = try Self.tasks(job)
                #expect(tasks.map { $0["status"]?.stringValue ?? "" } == ["succeeded", "succeeded", "succeeded", "failed", "cancelled"])
                #expect(tasks[4]["error"]?["kind"] == "cancelled")
                let poster = try #require(job["outputs"]?["poster"]?.stringValue)
                #expect(job["outputs"]?.objectValue?.keys == ["poster"] && job["output"]?.stringValue == poster)
                let file = try await MediaInspector(server: server).download(poster)
                defer { try? FileManager.default.removeItem(at: file) }
                #expect(try MediaInspector.ffprobe(file.path).stream("video")?["width"] == 64, "the poster stays published")
            }
        }
    }

    @Test func cancelStopsEveryRunningStep() async throws {
        try await MediaServer.run(extraFiles: ["long.mp4": try CancelTests.longInput()]) { media in
            try await TestServer.run(pipeline: .init(workers: 2)) { server in
                let job = try await server.client.createJob(#"""
                    {"input":"\#(media.url("/media/long.mp4"))","workflow":[
                      {"kind":"video","ref":"a","options":{"codec":"vp9","quality":"very_high"}},
                      {"kind":"video","ref":"b","options":{"codec":"vp9","quality":"very_high","width":320}}]}
                    """#)
                let id = try #require(job["id"]?.stringValue)
                _ = try await server.client.waitForJob(id, timeout: .seconds(60)) { job in
                    guard case .array(let tasks)? = job["tasks"] else { return false }
                    return tasks[2]["status"] == "processing" && tasks[3]["status"] == "processing"
                }
                let scratch = server.directory.appendingPathComponent("scratch/\(id)").path
                #expect((try await RecoveryTests.waitForFFmpeg(containing: scratch, count: 2)).count >= 2, "two encodes run at once")
                let response = try await server.client.request(.POST, "/jobs/\(id)/cancel")
                #expect(response.status == 200)
                let cancelledAt = ContinuousClock.now
                while !RecoveryTests.ffmpegProcesses(containing: scratch).isEmpty, ContinuousClock.now - cancelledAt < .seconds(3) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(RecoveryTests.ffmpegProcesses(containing: scratch).isEmpty, "every encode stopped")
                try await Task.sleep(for: .milliseconds(300))
                #expect(!FileManager.default.fileExists(atPath: scratch))
                #expect(!FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("files/\(id)").path))
                let final = try await server.client.get("/jobs/\(id)").json
                #expect(try Self.tasks(final).map { $0["status"]?.stringValue ?? "" } == ["succeeded", "succeeded", "cancelled", "cancelled"])
            }
        }
    }

    /// A cancel that no worker of the job hears (its steps wait for a busy worker, or the node
    /// that takes the cancel runs none) still removes what the job published, and the job stops
    /// listing it in `outputs` and `output`.
    @Test func aCancelRemovesWhatTheWorkflowPublishedWhenNoStepOfItRunsHere() async throws {
        try await MediaServer.run(extraFiles: ["long.mp4": try CancelTests.longInput()]) { media in
            let directory = try TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
            let key = try await store.createAPIKey(projectName: "default", name: "test", now: KilnClock.system.nowMillis()).secret
            let existing = TestServer.Existing(store: store, directory: directory, publicURL: TestServer.publicURL, apiKey: key)
            // A worker publishes the poster and starts the web version; then its node stops.
            let id = try await TestServer.run(pipeline: .init(workers: 1), existing: existing) { server in
                let job = try await server.client.createJob(#"""
                    {"input":"\#(media.url("/media/long.mp4"))","workflow":[
                      {"kind":"image","ref":"poster","options":{"width":64}},
                      {"kind":"video","ref":"web","options":{"codec":"vp9","quality":"very_high"}}]}
                    """#)
                let id = try #require(job["id"]?.stringValue)
                let running = try await server.client.waitForJob(id, timeout: .seconds(60)) { job in
                    guard case .array(let tasks)? = job["tasks"] else { return false }
                    return tasks[2]["status"] == "succeeded" && tasks[3]["status"] == "processing"
                }
                #expect(running["outputs"]?.objectValue?.keys == ["poster"])
                return id
            }
            let files = directory.appendingPathComponent("files/\(id)").path
            #expect(FileManager.default.fileExists(atPath: files + "/poster"))
            // A node without workers takes the cancel.
            try await TestServer.run(existing: existing) { server in
                let response = try await server.client.request(.POST, "/jobs/\(id)/cancel")
                let cancelled = try response.json
                #expect(response.status == 200 && cancelled["status"] == "cancelled")
                #expect(cancelled["outputs"] == .object(JSONObject()) && cancelled["output"] == .null, "\(cancelled.serialized())")
                #expect(!FileManager.default.fileExists(atPath: files), "the poster and the imported copy are removed")
                #expect(try await server.client.get("/jobs/\(id)").json["outputs"] == .object(JSONObject()))
            }
        }
    }
}
