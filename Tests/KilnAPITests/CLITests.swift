import Foundation
import KilnCore
import Testing

/// The `kiln` binary as a user runs it: local processing, pipes, a remote server, exit codes.
@Suite(.serialized) struct CLITests {
    static func workspace() throws -> URL {
        let directory = try TemporaryDirectory.make()
        for name in ["bikes.mp4", "bigbuckbunny.mp4", "bell.oga", "logo.png"] {
            try FileManager.default.copyItem(at: MediaServer.mediaDirectory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        return directory
    }

    @Test func localModeForEveryKind() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.path
        let cases: [([String], String, (JSONValue) -> Bool)] = [
            (["video", "-i", "\(p)/bikes.mp4", "--width", "320", "--end", "1"], "\(p)/bikes-kiln.mp4",
             { $0.stream("video")?["width"] == 320 && $0.stream("video")?["codec_name"] == "h264" }),
            (["audio", "-i", "file://\(p)/bigbuckbunny.mp4", "--format", "opus", "-o", "\(p)/track.opus"], "\(p)/track.opus",
             { $0.stream("audio")?["codec_name"] == "opus" && $0.stream("video") == nil }),
            (["image", "-i", "\(p)/bikes.mp4", "--start", "3", "--format", "webp", "--width", "200", "-o", "\(p)/out/"], "\(p)/out/bikes.webp",
             { $0.stream("video")?["codec_name"] == "webp" && $0.stream("video")?["width"] == 200 }),
            (["animation", "-i", "\(p)/bikes.mp4", "--end", "1", "--fps", "5", "--width", "120"], "\(p)/bikes.gif",
             { $0.stream("video")?["codec_name"] == "gif" && $0.stream("video")?["width"] == 120 }),
            (["adaptive", "-i", "\(p)/bigbuckbunny.mp4", "-o", "\(p)/stream"], "\(p)/stream/master.m3u8",
             { $0["format"]?["format_name"] == "hls" }),
        ]
        for (arguments, expected, check) in cases {
            let result = try KilnProcess.runSplit(arguments)
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "only the result when not a terminal")
            #expect(result.errors.isEmpty, "no progress when not a terminal: \(result.errors)")
            #expect(check(try MediaInspector.ffprobe(expected)), "\(arguments)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(p)/stream/720p/index.m3u8"))

        let json = try KilnProcess.runSplit(["image", "-i", "\(p)/logo.png", "--format", "png", "--width", "50", "--json"])
        #expect(json.status == 0)
        let job = try JSONParser.parse(json.output)
        #expect(job["object"] == "job" && job["status"] == "succeeded" && job["output"] == .string("\(p)/logo-kiln.png"))
    }

    /// Foundation traps when asked for the folder of a one-character path; `-o v` is one.
    @Test func aOneCharacterOutputNameIsAPathLikeAnyOther() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.path
        let result = try KilnProcess.runSplit([], shell: "cd '\(p)' && kiln video -i bikes.mp4 --width 160 --end 1 -o v && kiln adaptive -i bikes.mp4 --end 1 -o h")
        #expect(result.status == 0, "\(result.errors)")
        #expect(try MediaInspector.ffprobe("\(p)/v").stream("video")?["width"] == 160)
        #expect(FileManager.default.fileExists(atPath: "\(p)/h/master.m3u8"))
    }

    @Test func aWorkflowRunsHereWithItsResultsNamedByRef() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.path
        try Data(#"""
            [{"kind": "video", "options": {"width": 160, "end": 1}, "ref": "web"},
             {"kind": "image", "options": {"start": 1, "format": "webp", "width": 64}, "ref": "poster"},
             {"kind": "conditions", "conditions": [{"prop": "has_audio", "operator": "==", "value": true}],
              "next": [{"kind": "audio", "options": {"end": 1}, "ref": "sound"}]},
             {"kind": "conditions", "conditions": [{"prop": "duration", "operator": ">=", "value": 60}],
              "next": [{"kind": "adaptive_video", "ref": "hls"}]},
             {"kind": "image", "options": {"interval": 2, "width": 32}, "ref": "thumbs"},
             {"kind": "image", "options": {"interval": 2, "width": 32, "sprite": true}, "ref": "strip"}]
            """#.utf8).write(to: dir.appendingPathComponent("steps.json"))
        let result = try KilnProcess.runSplit(["run", "\(p)/steps.json", "-i", "\(p)/bigbuckbunny.mp4", "-o", "\(p)/out"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.split(separator: "\n").map(String.init) == [
            "web\t\(p)/out/web.mp4", "poster\t\(p)/out/poster.webp", "sound\t\(p)/out/sound.mp3",
            "thumbs\t\(p)/out/thumbs/index.json", "strip\t\(p)/out/strip/thumbnails.vtt",
        ])
        // A thumbnail track is a folder, like HLS: its frames (or sprite sheet) come with it.
        for file in ["thumbs/thumb-000.jpg", "thumbs/thumb-002.jpg", "strip/sprite.jpg"] {
            #expect(FileManager.default.fileExists(atPath: "\(p)/out/\(file)"), "\(file)")
        }
        #expect(try MediaInspector.ffprobe("\(p)/out/web.mp4").stream("video")?["width"] == 160)
        #expect(try MediaInspector.ffprobe("\(p)/out/poster.webp").stream("video")?["codec_name"] == "webp")
        #expect(try MediaInspector.ffprobe("\(p)/out/sound.mp3").stream("audio")?["codec_name"] == "mp3")
        #expect(!FileManager.default.fileExists(atPath: "\(p)/out/hls"), "the short input takes no HLS")

        let bad = try KilnProcess.runSplit(["run", "\(p)/steps.json", "-i", "\(p)/nope.mp4"])
        #expect(bad.status == 2)
        try Data(#"[{"kind":"video","options":{"width":1}}]"#.utf8).write(to: dir.appendingPathComponent("bad.json"))
        let invalid = try KilnProcess.runSplit(["run", "\(p)/bad.json", "-i", "\(p)/bikes.mp4"])
        #expect(invalid.status == 2 && invalid.errors.contains("workflow[0].options.width must be"), "\(invalid.errors)")
        let file = try KilnProcess.runSplit(["run", "\(p)/steps.json", "-i", "\(p)/bikes.mp4", "-o", "\(p)/bikes.mp4"])
        #expect(file.status == 2 && file.errors == "error: -o \(p)/bikes.mp4 is a file; kiln run puts its results in a directory\n", "\(file.errors)")
    }

    /// Ctrl-C stops a local run: ffmpeg runs in a session of its own, which the terminal's SIGINT
    /// does not reach, so kiln stops every encode and removes its working directory before it
    /// exits (both were left behind).
    @Test func anInterruptStopsEveryEncodeAndRemovesTheWorkingDirectory() async throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.path
        try CancelTests.longInput().write(to: dir.appendingPathComponent("long.mp4"))
        try Data(#"[{"kind":"video","ref":"a","options":{"codec":"vp9","quality":"very_high"}},{"kind":"video","ref":"b","options":{"codec":"vp9","width":320}}]"#.utf8)
            .write(to: dir.appendingPathComponent("steps.json"))
        let temporary = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let kiln = KilnProcess(arguments: ["run", "\(p)/steps.json", "-i", "\(p)/long.mp4", "-o", "\(p)/out"], environment: ["TMPDIR": temporary.path])
        try kiln.process.run()
        #expect(try await RecoveryTests.waitForFFmpeg(containing: temporary.path, count: 2).count == 2, "both steps encode")
        #expect(kiln.signal(SIGINT, exitsWithin: .seconds(10)))
        #expect(kiln.process.terminationStatus == 128 + SIGINT)
        #expect(RecoveryTests.ffmpegProcesses(containing: temporary.path).isEmpty, "every encode stopped")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty, "the working directory is removed")
    }

    @Test func probePipedIntoAnImageTask() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try KilnProcess.runSplit([], shell: "cd '\(dir.path)' && kiln task probe -i bikes.mp4 | kiln task image -i - --start 2 --width 160 --format png")
        #expect(result.status == 0, "\(result.errors)")
        let file = try JSONParser.parse(result.output)
        #expect(file["object"] == "file" && file["width"] == 160 && file["format"] == "png")
        let path = try #require(file["url"]?.stringValue.flatMap { URL(string: $0)?.path })
        #expect(try MediaInspector.ffprobe(path).stream("video")?["width"] == 160)
    }

    @Test func usageErrorsExitTwoAndFailedJobsExitOne() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let usage: [[String]] = [
            ["video"],
            ["video", "-i", "\(dir.path)/bikes.mp4", "--width", "0"],
            ["video", "-i", "\(dir.path)/bikes.mp4", "--codec", "h265", "--format", "webm"],
            ["audio", "-i", "\(dir.path)/bikes.mp4", "--width", "100"],
            ["video", "-i", "\(dir.path)/missing.mp4"],
            ["video", "-i", dir.path],
            ["video", "-i", ""],
            ["video", "-i", "\(dir.path)/bikes.mp4", "-o", ""],
            ["run", "\(dir.path)/steps.json", "-i", "\(dir.path)/bikes.mp4", "-o", ""],
            ["task", "transcode", "-i", "x"],
            ["jobs"],
            ["nonsense"],
        ]
        for arguments in usage {
            let result = try KilnProcess.runSplit(arguments)
            #expect(result.status == 2, "\(arguments): \(result.errors)")
            #expect(!result.errors.isEmpty && result.output.isEmpty, "\(arguments)")
        }
        // A POST /jobs body as the workflow file: its input would be silently left out for -i's.
        try Data(#"{"input": "https://example.com/a.mov", "workflow": [{"kind": "video"}]}"#.utf8).write(to: dir.appendingPathComponent("body.json"))
        for arguments in [["run", "\(dir.path)/body.json", "-i", "\(dir.path)/bikes.mp4"], ["jobs", "create", "-i", "https://example.com/a.mov", "--workflow", "\(dir.path)/body.json"]] {
            let body = try KilnProcess.runSplit(arguments, environment: ["KILN_API_URL": "http://127.0.0.1:9", "KILN_API_KEY": "k"])
            #expect(body.status == 2 && body.errors.contains("is an object with 'input'; it may hold only a workflow field (the input is -i)"), "\(arguments): \(body.errors)")
        }
        let widthError = try KilnProcess.runSplit(["video", "-i", "\(dir.path)/bikes.mp4", "--width", "0"])
        #expect(widthError.errors.contains("width must be"))

        let failed = try KilnProcess.runSplit(["image", "-i", "\(dir.path)/bell.oga"])
        #expect(failed.status == 1)
        #expect(failed.errors.contains("unsupported_media") && failed.output.isEmpty)

        // A result that cannot go where -o says: the path and the reason, not Foundation's dump.
        let unwritable = try KilnProcess.runSplit(["image", "-i", "\(dir.path)/bikes.mp4", "--width", "32", "-o", "\(dir.path)/bikes.mp4/poster.jpg"])
        #expect(unwritable.status == 1 && unwritable.output.isEmpty)
        #expect(unwritable.errors.hasPrefix("error: cannot write the result to \(dir.path)/bikes.mp4/poster.jpg: Not a directory"), "\(unwritable.errors)")
        #expect(!unwritable.errors.contains("NSCocoaErrorDomain") && !unwritable.errors.contains("kiln-local"), "\(unwritable.errors)")

        for command in ["video", "audio", "image", "animation", "adaptive", "jobs", "tasks", "task", "serve", "keys", "connections"] {
            let help = try KilnProcess.runSplit([command, "--help"])
            #expect(help.status == 0 && help.output.contains("Example"), "\(command) --help shows an example")
        }
        let completion = try KilnProcess.runSplit(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.output.contains("complete"))
    }

    /// A node refuses, before it opens anything, a setting it cannot run with, and says which.
    @Test func serveAndWorkerRefuseSettingsTheyCannotUse() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = "\(dir.path)/data"
        let cases: [([String], [String: String], String)] = [
            (["serve", "--data", "\(dir.path)/bikes.mp4"], [:], "cannot use the data directory \(dir.path)/bikes.mp4: it is a file"),
            (["serve", "--data", "\(dir.path)/bikes.mp4/data"], [:], "cannot use the data directory \(dir.path)/bikes.mp4/data: Not a directory"),
            (["serve", "--data", data, "--public-url", "media.example.com"], [:], "--public-url must be an http(s) URL"),
            (["serve", "--data", data], ["KILN_PUBLIC_URL": "ftp://media.example.com"], "KILN_PUBLIC_URL must be an http(s) URL"),
            (["worker", "--data", data, "--database", "postgres://kiln@127.0.0.1:1/kiln", "--public-url", "http://"], [:], "--public-url must be an http(s) URL"),
            (["serve", "--data", data, "--max-input-bytes", "0"], [:], "--max-input-bytes must be a positive number"),
            (["serve", "--data", data, "--input-timeout", "0"], [:], "--input-timeout must be a positive number"),
        ]
        for (arguments, environment, message) in cases {
            let result = try KilnProcess.runSplit(arguments, environment: environment.merging(["KILN_PORT": "0"]) { a, _ in a })
            #expect(result.status == 2, "\(arguments): \(result.errors)")
            #expect(result.errors.contains(message) && !result.errors.contains("NSCocoaErrorDomain"), "\(arguments): \(result.errors)")
            #expect(result.output.isEmpty, "nothing started: \(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(data)/kiln.sqlite"))
    }

    @Test func remoteModeAgainstARealServer() async throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init(), reachablePublicURL: true) { server in
                let env = ["KILN_API_URL": server.baseURL, "KILN_API_KEY": server.apiKey]
                let output = "\(dir.path)/remote.mp4"
                let created = try await offload { try KilnProcess.runSplit(["video", "-i", media.url("/media/bikes.mp4"), "--width", "160", "--end", "1", "-o", output, "--json"], environment: env) }
                #expect(created.status == 0, "\(created.errors)")
                let job = try JSONParser.parse(created.output)
                #expect(job["status"] == "succeeded" && job["output"] == .string(output))
                #expect(try MediaInspector.ffprobe(output).stream("video")?["width"] == 160, "the output was downloaded")

                let hls = try await offload { try KilnProcess.runSplit(["adaptive", "-i", media.url("/media/bikes.mp4"), "-o", "\(dir.path)/hls"], environment: env) }
                #expect(hls.status == 0, "\(hls.errors)")
                #expect(FileManager.default.fileExists(atPath: "\(dir.path)/hls/master.m3u8") && FileManager.default.fileExists(atPath: "\(dir.path)/hls/272p/segment_000.ts"))
                // A thumbnail track comes down whole: the frames index.json lists, the sprite its track names.
                let thumbs = try await offload { try KilnProcess.runSplit(["image", "-i", media.url("/media/bikes.mp4"), "--interval", "4", "--width", "32", "-o", "\(dir.path)/thumbs/"], environment: env) }
                #expect(thumbs.status == 0 && thumbs.output == "\(dir.path)/thumbs/index.json\n", "\(thumbs.output) \(thumbs.errors)")
                for name in ["thumb-000.jpg", "thumb-001.jpg", "thumb-002.jpg"] {
                    #expect(try MediaInspector.ffprobe("\(dir.path)/thumbs/\(name)").stream("video")?["width"] == 32, "\(name)")
                }
                let sprite = try await offload { try KilnProcess.runSplit(["image", "-i", media.url("/media/bikes.mp4"), "--interval", "4", "--sprite", "--width", "32", "-o", "\(dir.path)/sprite/"], environment: env) }
                #expect(sprite.status == 0 && sprite.output == "\(dir.path)/sprite/thumbnails.vtt\n", "\(sprite.output) \(sprite.errors)")
                #expect(try MediaInspector.ffprobe("\(dir.path)/sprite/sprite.jpg").stream("video")?["width"] == 96)

                // A workflow followed to its end prints each result by ref, as kiln run does.
                try Data(#"[{"kind":"image","ref":"poster","options":{"width":32}},{"kind":"conditions","conditions":[{"prop":"has_audio","operator":"==","value":true}],"next":[{"kind":"audio","ref":"sound"}]},{"kind":"image","ref":"small","options":{"width":16}}]"#.utf8)
                    .write(to: dir.appendingPathComponent("steps.json"))
                let workflow = try await offload { try KilnProcess.runSplit(["jobs", "create", "-i", media.url("/media/bikes.mp4"), "--workflow", "\(dir.path)/steps.json", "--wait"], environment: env) }
                let lines = workflow.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                #expect(workflow.status == 0 && lines.map { $0.first ?? "" } == ["poster", "small"] && lines.allSatisfy { $0.count == 2 && $0[1].hasPrefix(server.baseURL + "/files/job_") }, "\(workflow.output)")
                #expect(workflow.errors.contains("sound: not made, its conditions did not hold for the input"), "\(workflow.errors)")

                let listed = try await offload { try KilnProcess.runSplit(["jobs", "--kind", "video", "--limit", "5", "--json"], environment: env) }
                #expect(listed.status == 0)
                guard case .array(let jobs) = try JSONParser.parse(listed.output) else { throw TestFailure("array") }
                #expect(jobs.map { $0["id"] }.contains(job["id"]))
                let table = try await offload { try KilnProcess.runSplit(["jobs", "--status", "succeeded"], environment: env) }
                #expect(table.status == 0 && table.output.contains(job["id"]?.stringValue ?? "?") && table.output.hasPrefix("ID"))
                let shown = try await offload { try KilnProcess.runSplit(["jobs", job["id"]?.stringValue ?? "", "--json"], environment: env) }
                #expect(try JSONParser.parse(shown.output)["id"] == job["id"])

                let tasks = try await offload { try KilnProcess.runSplit(["tasks", "--job-id", job["id"]?.stringValue ?? "", "--json"], environment: env) }
                guard case .array(let jobTasks) = try JSONParser.parse(tasks.output) else { throw TestFailure("array") }
                #expect(jobTasks.count == 4)

                let queued = try await offload { try KilnProcess.runSplit(["jobs", "create", "--kind", "video", "-i", media.url("/silent"), "--json"], environment: env) }
                let queuedID = try JSONParser.parse(queued.output)["id"]?.stringValue ?? ""
                let cancelled = try await offload { try KilnProcess.runSplit(["jobs", "cancel", queuedID, "--json"], environment: env) }
                let cancelledJob = try JSONParser.parse(cancelled.output)
                #expect(cancelled.status == 0 && cancelledJob["status"] == "cancelled")
                let again = try await offload { try KilnProcess.runSplit(["jobs", "cancel", "job_01ZZZZZZZZZZZZZZZZZZZZZZZZ"], environment: env) }
                #expect(again.status == 1 && again.errors.contains("job_not_found"))
                // `kiln jobs get <id>` reads `get` as the id: say so instead of job_not_found.
                let get = try await offload { try KilnProcess.runSplit(["jobs", "get"], environment: env) }
                #expect(get.status == 2 && get.errors.contains("'get' is not a job id (job_…); `kiln jobs <id>` shows one job"), "\(get.errors)")
                let taskID = try await offload { try KilnProcess.runSplit(["tasks", "cancel", "job_01ZZZZZZZZZZZZZZZZZZZZZZZZ"], environment: env) }
                #expect(taskID.status == 2 && taskID.errors.contains("is not a task id (task_…)"), "\(taskID.errors)")

                let added = try await offload { try KilnProcess.runSplit(["connections", "add", "s3", "--name", "minio", "--endpoint", "http://127.0.0.1:9000",
                    "--access-key-id", "minio", "--secret-access-key", "minio-secret-123", "--force-path-style", "--json"], environment: env) }
                #expect(added.status == 0, "\(added.errors)")
                let connection = try JSONParser.parse(added.output)
                #expect(connection["is_default"] == true && !added.output.contains("minio-secret-123"))
                let connections = try await offload { try KilnProcess.runSplit(["connections"], environment: env) }
                #expect(connections.output.contains("minio") && !connections.output.contains("minio-secret-123"))
                let removed = try await offload { try KilnProcess.runSplit(["connections", "remove", connection["id"]?.stringValue ?? ""], environment: env) }
                #expect(removed.status == 0)
                #expect(try await offload { try KilnProcess.runSplit(["connections"], environment: env) }.output.contains("no connections"))

                let failing = try await offload { try KilnProcess.runSplit(["image", "-i", media.url("/media/bell.oga")], environment: env) }
                #expect(failing.status == 1 && failing.errors.contains("unsupported_media"))
                let local = try await offload { try KilnProcess.runSplit(["video", "-i", "\(dir.path)/bikes.mp4"], environment: env) }
                #expect(local.status == 2 && local.errors.contains("--local"))
            }
        }
    }
}
