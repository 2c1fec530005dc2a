import Foundation
import KilnCore
import Testing

/// Outputs to and inputs from S3-compatible storage (moto on loopback), checked with boto3.
@Suite(.serialized) struct S3Tests {
    static func connect(_ server: TestServer, _ s3: S3TestServer, secret: String = "test", endpoint: String? = nil) async throws {
        let response = try await server.client.post("/connections", #"{"kind":"s3","name":"moto","endpoint":"\#(endpoint ?? s3.endpoint)","access_key_id":"test","secret_access_key":"\#(secret)","force_path_style":true}"#)
        guard response.status == 201 else { throw TestFailure(response.text) }
    }

    @Test func aJobWritesItsOutputToS3WithAPathTemplate() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "media")
            try await MediaServer.run { media in
                try await TestServer.run(pipeline: .init()) { server in
                    try await Self.connect(server, s3)
                    let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"video","options":{"width":320,"end":2},"output":"s3://media/out/{id}/{filename}-small.{ext}"}"#)
                    #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                    let id = try #require(job["id"]?.stringValue)
                    #expect(job["output"] == .string("s3://media/out/\(id)/bikes-small.mp4"))
                    let head = try s3.client("head", "media", "out/\(id)/bikes-small.mp4")
                    #expect(head["content_type"] == "video/mp4")
                    guard case .array(let tasks)? = job["tasks"] else { throw TestFailure("tasks") }
                    #expect(head["size"]?.int64Value == tasks[2]["output"]?["filesize"]?.int64Value, "the bytes encoded are the bytes stored")
                    #expect(tasks[3]["output"]?["url"] == job["output"])
                }
            }
        }
    }

    @Test func hlsUploadsEveryFileUnderTheKeysFolder() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "streams")
            try await MediaServer.run { media in
                try await TestServer.run(pipeline: .init()) { server in
                    try await Self.connect(server, s3)
                    let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bigbuckbunny.mp4"))","kind":"adaptive_video","options":{"quality":"very_low"},"output":"s3://streams/hls/{id}/"}"#)
                    #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                    let id = try #require(job["id"]?.stringValue)
                    #expect(job["output"] == .string("s3://streams/hls/\(id)/master.m3u8"))
                    guard case .array(let keys) = try s3.client("list", "streams", "hls/\(id)/") else { throw TestFailure("list") }
                    let names = keys.compactMap(\.stringValue)
                    #expect(names.contains("hls/\(id)/master.m3u8"))
                    for rung in ["720p", "480p", "360p"] {
                        #expect(names.contains("hls/\(id)/\(rung)/index.m3u8"))
                        #expect(names.contains { $0.hasPrefix("hls/\(id)/\(rung)/segment_") && $0.hasSuffix(".ts") })
                    }
                    #expect(try s3.client("head", "streams", "hls/\(id)/master.m3u8")["content_type"] == "application/vnd.apple.mpegurl")
                }
            }
        }
    }

    @Test func anS3InputIsReadThroughTheConnection() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "inbox")
            try s3.client("put", "inbox", "uploads/clip-one.mp4", MediaServer.mediaDirectory.appendingPathComponent("bikes.mp4").path)
            try await TestServer.run(pipeline: .init()) { server in
                try await Self.connect(server, s3)
                let job = try await server.client.runJob(#"{"input":"s3://inbox/uploads/clip-one.mp4","kind":"image","options":{"start":1,"width":64}}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let missing = try await server.client.runJob(#"{"input":"s3://inbox/uploads/nothing.mp4","kind":"image"}"#)
                #expect(missing["error"]?["kind"] == "input_unreachable")
                #expect(missing["error"]?["message"]?.stringValue?.contains("does not exist") == true)
            }
        }
    }

    @Test func exportFailuresNameTheCauseAndHideTheSecret() async throws {
        try await S3TestServer.run { s3 in
            try await MediaServer.run { media in
                try await TestServer.run(pipeline: .init()) { server in
                    try await Self.connect(server, s3, secret: "very-secret-value")
                    let noBucket = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","output":"s3://missing-bucket/a.jpg"}"#)
                    #expect(noBucket["error"]?["kind"] == "export_failed")
                    #expect(noBucket["error"]?["message"]?.stringValue?.contains("missing-bucket") == true, "\(noBucket["error"]?.serialized() ?? "")")

                    let port = try FreePort.pick()
                    let other = try await server.client.post("/connections", #"{"kind":"s3","name":"down","endpoint":"http://127.0.0.1:\#(port)","access_key_id":"test","secret_access_key":"very-secret-value","force_path_style":true}"#)
                    let otherID = try #require(try other.json["id"]?.stringValue)
                    let unreachable = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","output":"s3://media/a.jpg","connection_id":"\#(otherID)"}"#)
                    #expect(unreachable["error"]?["kind"] == "export_failed")
                    let message = unreachable["error"]?["message"]?.stringValue ?? ""
                    #expect(message.contains("could not reach") && message.contains("127.0.0.1:\(port)"), "\(message)")
                    for job in [noBucket, unreachable] {
                        #expect(!job.serialized().contains("very-secret-value"))
                    }
                }
            }
        }
    }

    @Test func largeOutputsGoUpInPartsAndAKilledUploadLeavesNothing() async throws {
        // 110 MiB of noise: fourteen 8 MiB parts.
        let size = 110 << 20
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-big-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: big) }
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        try random.readData(ofLength: size).write(to: big)
        try random.close()
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "big")
            let env = Self.environment(s3)
            let whole = try await offload { try KilnProcess.runSplit(["storage", "cp", big.path, "s3://big/noise.bin"], environment: env) }
            #expect(whole.status == 0, "\(whole.errors)")
            let head = try s3.client("head", "big", "noise.bin")
            #expect(head["size"]?.int64Value == Int64(size))
            #expect(head["sha256"]?.stringValue == (try KilnStorageTestHooks.sha256(big.path)), "the parts were put together in order")
            #expect(try s3.client("etag", "big", "noise.bin")["etag"]?.stringValue?.hasSuffix("-14") == true, "a multipart object of 14 parts")

            // kill -9 midway: no object appears (the open upload is for a lifecycle rule to end).
            let process = Process()
            process.executableURL = Fixtures.kilnBinary
            process.arguments = ["storage", "cp", big.path, "s3://big/killed.bin"]
            process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            try process.run()
            // Killed once it has read 24 MiB of the file (each part is read to hash it, then to send it).
            let deadline = ContinuousClock.now + .seconds(30)
            while Self.bytesRead(by: process.processIdentifier) < 24 << 20, process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(process.isRunning, "the upload was still going when it was killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard case .array(let keys) = try s3.client("list", "big") else { throw TestFailure("list") }
            #expect(keys.compactMap(\.stringValue) == ["noise.bin"], "the killed upload left no object")
            guard case .array(let open) = try s3.client("uploads", "big") else { throw TestFailure("uploads") }
            #expect(open.compactMap(\.stringValue) == ["killed.bin"], "it was killed in the middle of a multipart upload")

            // Cancelled in-process: the upload is aborted, so not even an open upload is left.
            try s3.client("abort-all", "big")
            let store = KilnStorageTestHooks.store(endpoint: s3.endpoint)
            let upload = Task { try await store.upload(file: big.path, to: .init(bucket: "big", key: "cancelled.bin"), contentType: "application/octet-stream") }
            try await Task.sleep(for: .milliseconds(300))
            upload.cancel()
            _ = try? await upload.value
            try await Task.sleep(for: .milliseconds(500))
            guard case .array(let after) = try s3.client("list", "big") else { throw TestFailure("list") }
            #expect(!after.contains("cancelled.bin"))
            guard case .array(let uploads) = try s3.client("uploads", "big") else { throw TestFailure("uploads") }
            #expect(uploads.isEmpty, "no multipart upload is left open: \(uploads)")
        }
    }

    /// Many objects go in one request each thousand; keys that are not there are no error.
    @Test func manyObjectsAreRemovedInBatches() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "sweep")
            let store = KilnStorageTestHooks.store(endpoint: s3.endpoint)
            let file = try TemporaryDirectory.make().appendingPathComponent("piece.ts")
            try Data("piece".utf8).write(to: file)
            let keys = (0..<5).map { "job_1/.chunks/piece-\($0) & <more>.ts" } + ["job_1/keep.ts"]
            for key in keys { try await store.upload(file: file.path, to: .init(bucket: "sweep", key: key), contentType: "video/mp2t") }
            #expect(try await store.keys(under: "job_1/", in: "sweep", pageSize: 2).sorted() == keys.sorted(), "three pages, every key")
            try await store.delete(keys: Array(keys.prefix(5)) + ["job_1/never-there.ts"], in: "sweep")
            guard case .array(let left) = try s3.client("list", "sweep") else { throw TestFailure("list") }
            #expect(left.compactMap(\.stringValue) == ["job_1/keep.ts"])
        }
    }

    @Test func wrongCredentialsFailTheExportWithAClearMessage() async throws {
        // moto with IAM authentication on checks every signature, so a success here also proves
        // the signer against an independent implementation.
        try await S3TestServer.run(authenticated: true) { s3 in
            try s3.client("create-bucket", "private")
            try await MediaServer.run { media in
                try await TestServer.run(pipeline: .init()) { server in
                    for (name, key, secret) in [("right", s3.accessKeyID, s3.secretAccessKey), ("bad-secret", s3.accessKeyID, "not-the-secret-123"), ("bad-key", "AKIANOSUCHKEY0000000", "not-the-secret-123")] {
                        let created = try await server.client.post("/connections", #"{"kind":"s3","name":"\#(name)","endpoint":"\#(s3.endpoint)","access_key_id":"\#(key)","secret_access_key":"\#(secret)","force_path_style":true}"#)
                        #expect(created.status == 201)
                        let id = try #require(try created.json["id"]?.stringValue)
                        let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"width":64},"output":"s3://private/\#(name).jpg","connection_id":"\#(id)"}"#)
                        let message = job["error"]?["message"]?.stringValue ?? ""
                        switch name {
                        case "right":
                            #expect(job["status"] == "succeeded", "\(message)")
                            #expect(try s3.client("head", "private", "right.jpg")["content_type"] == "image/jpeg")
                        case "bad-secret":
                            #expect(job["error"]?["kind"] == "export_failed")
                            #expect(message.contains("secret access key"), "\(message)")
                        default:
                            #expect(job["error"]?["kind"] == "export_failed")
                            #expect(message.contains("access key id"), "\(message)")
                        }
                        #expect(!message.contains("not-the-secret-123") && !message.contains(s3.secretAccessKey))
                    }
                }
            }
        }
    }

    @Test func serveWithStorageSendsResultsToTheBucket() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "results")
            try await MediaServer.run { media in
                let data = try TemporaryDirectory.make()
                defer { try? FileManager.default.removeItem(at: data) }
                let server = KilnProcess(
                    arguments: ["serve", "--port", "0", "--data", data.path, "--storage", "s3://results/kiln/", "--allow-private-inputs"],
                    environment: Self.environment(s3).merging(["KILN_API_KEY": "storage-test-key"]) { $1 }
                )
                try server.start()
                defer { server.kill(SIGTERM) }
                let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(server.port)", apiKey: "storage-test-key")
                let job = try await client.runJob(#"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"image","options":{"width":64}}"#)
                #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
                let id = try #require(job["id"]?.stringValue)
                #expect(job["output"] == .string("s3://results/kiln/\(id)/bikes.jpg"))
                #expect(try s3.client("head", "results", "kiln/\(id)/bikes.jpg")["content_type"] == "image/jpeg")
                #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("files/\(id)").path), "nothing on the local disk")

                // A task reads that result back through the server's storage (no connection needed).
                let created = try await client.post("/tasks", #"{"kind":"probe","input":{"url":"s3://results/kiln/\#(id)/bikes.jpg"}}"#)
                #expect(created.status == 201, "\(created.text)")
                let taskID = try #require(try created.json["id"]?.stringValue)
                var task = try await client.get("/tasks/\(taskID)").json
                let deadline = ContinuousClock.now + .seconds(60)
                while !["succeeded", "failed"].contains(task["status"]?.stringValue ?? ""), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    task = try await client.get("/tasks/\(taskID)").json
                }
                #expect(task["status"] == "succeeded", "\(task["error"]?.serialized() ?? "")")
                #expect(task["output"]?["width"]?.int64Value == 64)

                // A cancelled workflow's results leave the bucket with it: the poster was published
                // before the cancel, while the slow HEVC encode ran.
                let workflow = try await client.post("/jobs", #"""
                    {"input":"\#(media.url("/media/bikes.mp4"))","workflow":[{"kind":"image","options":{"width":64},"ref":"poster"},
                     {"kind":"video","options":{"codec":"h265"},"ref":"web"}]}
                    """#)
                let workflowID = try #require(try workflow.json["id"]?.stringValue)
                var running = try await client.get("/jobs/\(workflowID)").json
                while running["outputs"]?["poster"] == nil, running["status"] == "processing" || running["status"] == "queued", ContinuousClock.now < deadline + .seconds(60) {
                    try await Task.sleep(for: .milliseconds(50))
                    running = try await client.get("/jobs/\(workflowID)").json
                }
                guard case .array(let published) = try s3.client("list", "results", "kiln/\(workflowID)/") else { throw TestFailure("list") }
                #expect(published.compactMap(\.stringValue).contains("kiln/\(workflowID)/poster/bikes.jpg"), "\(published)")
                let cancelled = try await client.request(.POST, "/jobs/\(workflowID)/cancel")
                let cancelledJob = try cancelled.json
                #expect(cancelled.status == 200 && cancelledJob["status"] == "cancelled", "\(cancelled.text)")
                guard case .array(let left) = try s3.client("list", "results", "kiln/\(workflowID)/") else { throw TestFailure("list") }
                #expect(left.isEmpty, "the cancel removed what the workflow published: \(left)")
            }
        }
    }

    /// Bytes a process has read so far (`rchar` in /proc/PID/io).
    static func bytesRead(by pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rchar:") }) else { return 0 }
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    static func environment(_ s3: S3TestServer) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": s3.accessKeyID, "AWS_SECRET_ACCESS_KEY": s3.secretAccessKey, "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": s3.endpoint, "KILN_S3_FORCE_PATH_STYLE": "1",
        ]
    }

    @Test func theCommandLineReadsAndWritesS3WithTheAWSVariables() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "cli")
            try s3.client("put", "cli", "in/bikes.mp4", MediaServer.mediaDirectory.appendingPathComponent("bikes.mp4").path)
            let env = Self.environment(s3)
            let result = try await offload {
                try KilnProcess.runSplit(["image", "-i", "s3://cli/in/bikes.mp4", "--width", "64", "-o", "s3://cli/out/{filename}.{ext}"], environment: env)
            }
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "s3://cli/out/bikes.jpg")
            #expect(try s3.client("head", "cli", "out/bikes.jpg")["content_type"] == "image/jpeg")

            let noCredentials = try await offload { try KilnProcess.runSplit(["image", "-i", "s3://cli/in/bikes.mp4"]) }
            #expect(noCredentials.status == 1 && noCredentials.errors.contains("connection_required"))
        }
    }
}
