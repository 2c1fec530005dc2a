import Foundation
import KilnCore
import Testing

/// Many machines, played on one: an API node and `kiln worker` processes on one PostgreSQL,
/// publishing to a shared data directory or to S3.
@Suite(.serialized, .enabled(if: TestPostgres.baseURL != nil, "needs the PostgreSQL that scripts/test starts"))
struct ClusterTests {
    static let apiKey = "cluster-test-key"
    static let secretKey = "cluster-test-secret"

    /// A running cluster: processes are killed when the test ends.
    final class Cluster: @unchecked Sendable {
        let databaseURL: String
        let data: URL
        let extraArguments: [String]
        let environment: [String: String]
        private(set) var api: KilnProcess?
        private(set) var workers: [KilnProcess] = []

        init(databaseURL: String, data: URL, extraArguments: [String] = [], environment: [String: String] = [:]) {
            self.databaseURL = databaseURL
            self.data = data
            self.extraArguments = extraArguments
            self.environment = environment.merging(["KILN_SECRET_KEY": ClusterTests.secretKey, "KILN_API_KEY": ClusterTests.apiKey]) { $1 }
        }

        var client: HTTPTestClient { HTTPTestClient(baseURL: "http://127.0.0.1:\(api?.port ?? 0)", apiKey: ClusterTests.apiKey) }

        func startAPI(port: Int = 0) throws {
            let process = KilnProcess(
                arguments: ["serve", "--port", "\(port)", "--data", data.path, "--database", databaseURL, "--workers", "0"] + extraArguments,
                environment: environment
            )
            try process.start()
            api = process
        }

        /// With `logs`, the worker's log is captured with its output; with `ownDisk`, it has a data
        /// directory of its own (a machine of its own: with `--storage`, it shares only the bucket).
        @discardableResult
        func startWorker(_ arguments: [String] = [], logs: Bool = false, ownDisk: Bool = false) throws -> KilnProcess {
            let directory = ownDisk ? data.appendingPathComponent("worker-\(workers.count)") : data
            let process = KilnProcess(
                arguments: ["worker", "--database", databaseURL, "--data", directory.path, "--workers", "1", "--lease-seconds", "3",
                            "--allow-private-inputs", "--public-url", "http://127.0.0.1:\(api?.port ?? 0)"] + extraArguments + arguments,
                environment: environment, logs: logs
            )
            try process.start(worker: true)
            workers.append(process)
            return process
        }

        func stopAll() {
            for process in workers + [api].compactMap({ $0 }) where process.process.isRunning {
                process.kill(SIGKILL)
            }
        }
    }

    static func withCluster<T: Sendable>(extraArguments: [String] = [], environment: [String: String] = [:], _ body: @Sendable (Cluster) async throws -> T) async throws -> T {
        try await TestPostgres.withDatabase { url in
            let data = try TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(at: data) }
            let cluster = Cluster(databaseURL: url, data: data, extraArguments: extraArguments, environment: environment)
            defer { cluster.stopAll() }
            try cluster.startAPI()
            return try await body(cluster)
        }
    }

    @Test func aWorkerServesItsMetricsOnAPortOfItsOwn() async throws {
        try await MediaServer.run { media in
            try await Self.withCluster { cluster in
                let worker = try cluster.startWorker(["--metrics-port", "0"])
                var port: Int?
                for _ in 0..<200 where port == nil {
                    port = worker.outputText.firstMatch(of: /kiln metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/).flatMap { Int($0.output.1) }
                    if port == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                let metrics = HTTPTestClient(baseURL: "http://127.0.0.1:\(try #require(port))", apiKey: nil)
                let job = try await cluster.client.runJob(#"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"width":32}}"#)
                #expect(job["status"] == "succeeded")
                let text = MetricsText(try await metrics.get("/metrics").text)
                #expect(text.value("kiln_jobs_finished_total", ["kind": "image", "status": "succeeded"]) == 1, "counted where it ran")
                #expect(text.value("kiln_task_duration_seconds_count", ["kind": "image", "status": "succeeded"]) == 1)
                #expect(text.value("kiln_workers", ["state": "idle"]) == 1 && text.value("kiln_workers", ["state": "busy"]) == 0)
                #expect(text.has("kiln_queue_depth"), "the shared queue, read from PostgreSQL")
                #expect(try await cluster.client.get("/metrics").status == 404, "an API node without a token keeps them to itself")
            }
        }
    }

    @Test func anAPINodeAndAWorkerShareADataDirectoryAndCancelsReachTheWorkerWithinASecond() async throws {
        try await MediaServer.run(extraFiles: ["long.mp4": try CancelTests.longInput()]) { media in
            try await Self.withCluster { cluster in
                let worker = try cluster.startWorker()
                let job = try await cluster.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"width":64}}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let output = try #require(job["output"]?.stringValue)
                let file = try await cluster.client.get(String(output.dropFirst(cluster.client.baseURL.count)))
                #expect(file.status == 200 && file.header("Content-Type") == "image/jpeg", "the API node serves what the worker published")

                let long = try await cluster.client.createJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"video","options":{"codec":"vp9","quality":"very_high"}}"#)
                let id = try #require(long["id"]?.stringValue)
                #expect(!(try await RecoveryTests.waitForFFmpeg(containing: id)).isEmpty, "the worker encodes it")
                let cancelled = try await cluster.client.request(.POST, "/jobs/\(id)/cancel")
                let cancelledAt = ContinuousClock.now
                #expect(cancelled.status == 200)
                while !RecoveryTests.ffmpegProcesses(containing: id).isEmpty, ContinuousClock.now - cancelledAt < .seconds(5) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(ContinuousClock.now - cancelledAt < .seconds(1), "the cancel reached the worker's ffmpeg within a second")
                #expect(worker.process.isRunning)

                // SIGTERM in the middle of an encode: the worker hands the job back and exits cleanly.
                let handedBack = try await cluster.client.createJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"video","options":{"codec":"vp9","quality":"very_high"}}"#)
                let handedBackID = try #require(handedBack["id"]?.stringValue)
                #expect(!(try await RecoveryTests.waitForFFmpeg(containing: handedBackID)).isEmpty)
                worker.kill(SIGTERM)
                #expect(worker.process.terminationStatus == 0)
                let requeued = try await cluster.client.get("/jobs/\(handedBackID)").json
                #expect(requeued["status"] == "queued", "back in the queue for another worker")
                #expect(RecoveryTests.ffmpegProcesses(containing: handedBackID).isEmpty, "its encoder stopped with the worker")
            }
        }
    }

    @Test func killingAWorkerMidEncodeLosesNoJobAndDuplicatesNoOutput() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "cluster")
            try await MediaServer.run { media in
                try await Self.withCluster(extraArguments: ["--storage", "s3://cluster/out"], environment: S3Tests.environment(s3)) { cluster in
                    let workers = [try cluster.startWorker(), try cluster.startWorker(), try cluster.startWorker()]
                    let client = cluster.client
                    // Video encodes long enough to be killed in the middle, between short image jobs.
                    async let created: [String] = {
                        var ids: [String] = []
                        for index in 0..<50 {
                            let body = index % 5 == 0
                                ? #"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"video","options":{"width":640,"end":4,"quality":"very_high"}}"#
                                : #"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"width":64,"start":\#(index % 3)}}"#
                            ids.append(try #require(try await client.createJob(body)["id"]?.stringValue))
                        }
                        return ids
                    }()
                    // Whichever worker is first seen encoding a video is killed in the middle of it.
                    let deadline = ContinuousClock.now + .seconds(60)
                    var victim: KilnProcess?
                    while victim == nil, ContinuousClock.now < deadline {
                        victim = workers.first { Self.encodesAVideo($0.process.processIdentifier) }
                        if victim == nil { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    #expect(victim != nil, "a worker was encoding a video when killed")
                    victim?.kill(SIGKILL)
                    let ids = try await created

                    var jobs: [JSONValue] = []
                    for id in ids { jobs.append(try await cluster.client.waitForJob(id, timeout: .seconds(240))) }
                    let failed = jobs.filter { $0["status"] != "succeeded" }
                    #expect(failed.isEmpty, "every job succeeds: \(failed.map { $0["error"]?.serialized() ?? "" })")
                    for status in ["queued", "processing"] {
                        let listed = try await cluster.client.get("/jobs?status=\(status)").json
                        #expect(listed == .array([]), "none left \(status)")
                    }
                    let outputs = jobs.compactMap { $0["output"]?.stringValue }
                    #expect(Set(outputs).count == 50, "one output per job")
                    guard case .array(let keys) = try s3.client("list", "cluster", "out/") else { throw TestFailure("list") }
                    #expect(keys.count == 50, "no duplicate or stray objects: \(keys.count)")
                    #expect(Set(keys.compactMap(\.stringValue).map { "s3://cluster/" + $0 }) == Set(outputs), "each job points at its one object")
                }
            }
        }
    }

    @Test func aWorkflowsStepsRunOnSeveralWorkerNodesFromOneImportedCopy() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "cluster")
            try await MediaServer.run(extraFiles: ["long.mp4": try WorkflowTests.longInput()]) { media in
                try await Self.withCluster(extraArguments: ["--storage", "s3://cluster/out"], environment: S3Tests.environment(s3)) { cluster in
                    let workers = [try cluster.startWorker(logs: true), try cluster.startWorker(logs: true), try cluster.startWorker(logs: true)]
                    let long = try await cluster.client.createJob(WorkflowTests.example(media.url("/media/long.mp4")))
                    let short = try await cluster.client.createJob(WorkflowTests.example(media.url("/media/bigbuckbunny.mp4")))
                    let longDone = try await cluster.client.waitForJob(long["id"]?.stringValue ?? "", timeout: .seconds(240))
                    let shortDone = try await cluster.client.waitForJob(short["id"]?.stringValue ?? "", timeout: .seconds(240))
                    #expect(longDone["status"] == "succeeded" && shortDone["status"] == "succeeded", "\(longDone["error"]?.serialized() ?? "") \(shortDone["error"]?.serialized() ?? "")")
                    #expect(longDone["outputs"]?.objectValue?.keys == ["web", "poster", "hls", "sound"])
                    #expect(shortDone["outputs"]?.objectValue?.keys == ["web", "poster", "sound"])
                    #expect(try WorkflowTests.tasks(shortDone)[5]["error"]?["kind"] == "condition_not_met")
                    #expect(media.requests(for: "/media/long.mp4") == 1 && media.requests(for: "/media/bigbuckbunny.mp4") == 1, "one fetch per input")
                    // The steps of one job ran on more than one worker node.
                    let id = try #require(longDone["id"]?.stringValue)
                    let ran = workers.filter { $0.outputText.contains("steps started") && $0.outputText.contains(id) }
                    #expect(ran.count >= 2, "steps of \(id) ran on \(ran.count) worker node(s)")
                    guard case .array(let keys) = try s3.client("list", "cluster", "out/") else { throw TestFailure("list") }
                    let names = keys.compactMap(\.stringValue)
                    #expect(names.contains { $0.hasPrefix("out/\(id)/hls/") } && names.contains { $0.hasPrefix("out/\(id)/web/") })
                    #expect(!names.contains { $0.contains("/.input/") }, "the imported copies are removed when the runs end: \(names)")
                }
            }
        }
    }

    @Test func aGatedLongVideosChunksRunOnSeveralMachinesFromTheOneImportedCopy() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "cluster")
            try await MediaServer.run { media in
                try await Self.withCluster(extraArguments: ["--storage", "s3://cluster/out"], environment: S3Tests.environment(s3)) { cluster in
                    let workers = try (0..<2).map { _ in try cluster.startWorker(["--chunk-seconds", "3"], logs: true, ownDisk: true) }
                    // The gate is the import's one step, so it continues on the import's worker; the video's pieces do not.
                    let job = try await cluster.client.createJob(#"""
                        {"input":"\#(media.url("/media/bikes.mp4"))","workflow":[{"kind":"conditions",
                         "conditions":[{"prop":"duration","operator":">=","value":5}],"next":[{"kind":"video","ref":"web"}]}]}
                        """#)
                    let id = try #require(job["id"]?.stringValue)
                    let done = try await cluster.client.waitForJob(id, timeout: .seconds(120))
                    #expect(done["status"] == "succeeded", "\(done["error"]?.serialized() ?? "")")
                    let chunks = try WorkflowTests.tasks(done).filter { $0["kind"] == "video_chunk" }
                    #expect(chunks.count == 4 && chunks.allSatisfy { $0["status"] == "succeeded" })
                    guard case .array(let listed) = try await cluster.client.get("/tasks?kind=video_chunk&order=asc").json else { throw TestFailure("list") }
                    #expect(listed.map { $0["id"] } == chunks.map { $0["id"] }, "GET /tasks?kind=video_chunk lists the pieces a job shows")
                    #expect(media.requests(for: "/media/bikes.mp4") == 1, "every piece read the imported copy in the bucket, none the origin")
                    let chunkWorkers = workers.filter { worker in
                        worker.outputText.split(separator: "\n").contains { $0.contains("steps started") && $0.contains("video_chunk") }
                    }
                    #expect(chunkWorkers.count == 2, "the pieces ran on both machines")
                    guard case .array(let keys) = try s3.client("list", "cluster", "out/") else { throw TestFailure("list") }
                    let names = keys.compactMap(\.stringValue)
                    #expect(names.contains { $0.hasPrefix("out/\(id)/web/") })
                    #expect(!names.contains { $0.contains("/.input/") || $0.contains("/.chunks/") }, "the imported copy and the pieces are removed: \(names)")
                }
            }
        }
    }

    @Test func theIssuesExampleWithSubtitlesTakesBothBranchesOnSeveralWorkerNodes() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "media")
            try await MediaServer.run(extraFiles: try WorkflowTests.talks()) { media in
                // Results in the shared data directory, served by the API node; the web version to the bucket.
                try await Self.withCluster { cluster in
                    for _ in 0..<3 { try cluster.startWorker() }
                    let connection = try await cluster.client.post(
                        "/connections", #"{"kind":"s3","name":"moto","endpoint":"\#(s3.endpoint)","access_key_id":"test","secret_access_key":"test","force_path_style":true}"#
                    )
                    #expect(connection.status == 201, "\(connection.text)")
                    let short = try await cluster.client.createJob(WorkflowTests.issueExample(media.url("/media/talk-short.mp4")))
                    let long = try await cluster.client.createJob(WorkflowTests.issueExample(media.url("/media/talk-long.mp4")))
                    for (job, isLong) in [(short, false), (long, true)] {
                        let done = try await cluster.client.waitForJob(try #require(job["id"]?.stringValue), timeout: .seconds(240))
                        try await WorkflowTests.checkIssueExample(done, long: isLong, s3: s3) { try MediaInspector.curl($0) }
                    }
                    #expect(media.requests(for: "/media/talk-short.mp4") == 1 && media.requests(for: "/media/talk-long.mp4") == 1, "one fetch per input")
                }
            }
        }
    }

    @Test func killingTheAPINodeDuringABurstLosesNoAcknowledgedJob() async throws {
        try await Self.withCluster { cluster in
            let port = cluster.api?.port ?? 0
            let client = cluster.client
            let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
                for sender in 0..<8 {
                    group.addTask {
                        var ids: [String] = []
                        for index in 0..<400 {
                            guard let response = try? await client.post("/jobs", #"{"input":"https://example.com/\#(sender)-\#(index).mp4","kind":"video"}"#) else { break }
                            if response.status == 201, let id = try? response.json["id"]?.stringValue { ids.append(id) }
                        }
                        return ids
                    }
                }
                try await Task.sleep(for: .milliseconds(400))
                cluster.api?.kill(SIGKILL)
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(acknowledged.count > 20, "the burst was under way when the node died (\(acknowledged.count) acknowledged)")
            try cluster.startAPI(port: port)
            var missing: [String] = []
            for id in acknowledged where try await cluster.client.get("/jobs/\(id)").status != 200 { missing.append(id) }
            #expect(missing.isEmpty, "every job that got a 201 exists after the restart: \(missing.count) missing")
        }
    }

    /// Whether a child ffmpeg of `pid` is writing an mp4.
    static func encodesAVideo(_ pid: Int32) -> Bool {
        RecoveryTests.ffmpegProcesses(containing: ".mp4").contains { command in
            command.contains("libx264") && parentOf(command: command) == pid
        }
    }

    static func parentOf(command: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                  String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self) == command,
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 ? Int32(fields[1]) : nil
        }
        return nil
    }
}
