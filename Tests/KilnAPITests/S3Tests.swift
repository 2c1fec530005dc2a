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

    @Test func largeOutputsGoUpInPartsAndAFailedUploadLeavesNothing() async throws {
        // 20 MiB of noise: three parts.
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-big-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: big) }
        var generator = SystemRandomNumberGenerator()
        try Data((0..<(20 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: big)
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "big")
            let store = KilnStorageTestHooks.store(endpoint: s3.endpoint)
            try await store.upload(file: big.path, to: .init(bucket: "big", key: "noise.bin"), contentType: "application/octet-stream")
            let head = try s3.client("head", "big", "noise.bin")
            #expect(head["size"]?.int64Value == 20 << 20)
            let sha = try KilnStorageTestHooks.sha256(big.path)
            #expect(head["sha256"]?.stringValue == sha, "the parts were put together in order")

            // Cancelled midway: the multipart upload is aborted and no object appears.
            let upload = Task { try await store.upload(file: big.path, to: .init(bucket: "big", key: "cancelled.bin"), contentType: "application/octet-stream") }
            try await Task.sleep(for: .milliseconds(30))
            upload.cancel()
            _ = try? await upload.value
            try await Task.sleep(for: .milliseconds(500))
            guard case .array(let keys) = try s3.client("list", "big") else { throw TestFailure("list") }
            #expect(!keys.contains("cancelled.bin"))
            guard case .array(let uploads) = try s3.client("uploads", "big") else { throw TestFailure("uploads") }
            #expect(uploads.isEmpty, "no multipart upload is left open: \(uploads)")
        }
    }

    @Test func theCommandLineReadsAndWritesS3WithTheAWSVariables() async throws {
        try await S3TestServer.run { s3 in
            try s3.client("create-bucket", "cli")
            try s3.client("put", "cli", "in/bikes.mp4", MediaServer.mediaDirectory.appendingPathComponent("bikes.mp4").path)
            let env = [
                "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": s3.endpoint, "KILN_S3_FORCE_PATH_STYLE": "1",
            ]
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
