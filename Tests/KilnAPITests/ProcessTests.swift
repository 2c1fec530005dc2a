import Foundation
import KilnCore
import Testing

/// The `kiln` binary itself: first start, keys, signals and crash durability.
@Suite(.serialized) struct ProcessTests {
    @Test func firstStartPrintsAKeyAndKeysCommandsManageThem() async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }

        let server = KilnProcess(arguments: ["serve", "--port", "0", "--data", data.path])
        try server.start()
        let printed = try #require(server.outputText.firstMatch(of: /kiln_[0-9A-Za-z]{40}/)).output
        let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(server.port)", apiKey: String(printed))
        #expect(try await client.get("/jobs").status == 200)
        server.kill(SIGTERM)
        #expect(server.process.terminationStatus == 0, "SIGTERM shuts down cleanly")

        // A second start prints no key: one exists.
        let again = KilnProcess(arguments: ["serve", "--port", "0", "--data", data.path])
        try again.start()
        #expect(again.outputText.firstMatch(of: /kiln_[0-9A-Za-z]{40}/) == nil)
        let secondClient = HTTPTestClient(baseURL: "http://127.0.0.1:\(again.port)", apiKey: String(printed))

        let created = try KilnProcess.run(["keys", "create", "--data", data.path, "--project", "default", "--name", "ci", "--quiet"])
        #expect(created.status == 0)
        let secret = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("kiln_"))
        #expect(try await secondClient.get("/jobs", apiKey: secret).status == 200, "a key made by the CLI works on a running server")

        let list = try KilnProcess.run(["keys", "list", "--data", data.path])
        #expect(list.output.contains("ci") && list.output.contains("active") && !list.output.contains(secret))
        let keyID = try #require(list.output.split(separator: "\n").first { $0.contains(" ci ") }?.split(separator: " ").first)

        #expect(try KilnProcess.run(["keys", "revoke", String(keyID), "--data", data.path]).status == 0)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await secondClient.get("/jobs", apiKey: secret).status == 401, "revocation applies within a second")
        #expect(try KilnProcess.run(["keys", "revoke", String(keyID), "--data", data.path]).status != 0)
        again.kill(SIGINT)
        #expect(again.process.terminationStatus == 0, "SIGINT shuts down cleanly")

        let sqlite = try KilnProcess.run(["keys", "list", "--data", data.path])
        #expect(!sqlite.output.contains(String(printed)), "secrets are never shown again")
    }

    @Test func environmentKeyIsEnsured() async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = KilnProcess(arguments: ["serve", "--data", data.path], environment: ["KILN_API_KEY": "my-env-key", "KILN_PORT": "0"])
        try server.start()
        defer { server.kill(SIGTERM) }
        #expect(server.outputText.firstMatch(of: /kiln_[0-9A-Za-z]{40}/) == nil, "no key is generated when KILN_API_KEY is set")
        let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(server.port)", apiKey: "my-env-key")
        #expect(try await client.get("/jobs").status == 200)
        let database = try String(contentsOf: data.appendingPathComponent("kiln.sqlite"), encoding: .isoLatin1)
        #expect(!database.contains("my-env-key"), "keys are stored only as hashes")
    }

    @Test func acknowledgedJobsSurviveSIGKILL() async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }
        let environment = ["KILN_API_KEY": "durable"]
        let server = KilnProcess(arguments: ["serve", "--port", "0", "--data", data.path], environment: environment)
        try server.start()
        let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(server.port)", apiKey: "durable")

        let acknowledged = AcknowledgedIDs()
        // A burst of creates from several clients; the server is killed in the middle of it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for i in 0..<1000 {
                        guard let response = try? await client.post("/jobs", #"{"input":"https://x.com/\#(worker)-\#(i).mp4","kind":"video"}"#) else { return }
                        guard response.status == 201, let id = try response.json["id"]?.stringValue else { return }
                        acknowledged.add(id)
                    }
                }
            }
            group.addTask {
                while acknowledged.count < 300 { try await Task.sleep(for: .milliseconds(5)) }
                server.kill(SIGKILL)
            }
            try await group.waitForAll()
        }
        let ids = acknowledged.all
        #expect(ids.count >= 300)

        let restarted = KilnProcess(arguments: ["serve", "--port", "0", "--data", data.path], environment: environment)
        try restarted.start()
        defer { restarted.kill(SIGTERM) }
        let after = HTTPTestClient(baseURL: "http://127.0.0.1:\(restarted.port)", apiKey: "durable")
        var missing: [String] = []
        for id in ids where try await after.get("/jobs/\(id)").status != 200 {
            missing.append(id)
        }
        #expect(missing == [], "every job that got a 201 exists after the crash")
    }
}

final class AcknowledgedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func add(_ id: String) { lock.withLock { ids.append(id) } }
    var count: Int { lock.withLock { ids.count } }
    var all: [String] { lock.withLock { ids } }
}

/// Jobs survive the server: a crash or a shutdown in the middle of an encode.
@Suite(.serialized) struct RecoveryTests {
    static func longInput() throws -> Data {
        try PipelineBehaviourTests.generate(["-f", "lavfi", "-i", "testsrc2=s=640x360:d=30:r=30", "-c:v", "libx264", "-preset", "ultrafast"], ext: "mp4")
    }

    /// Waits until the job's encode task is running.
    static func waitForEncode(_ client: HTTPTestClient, _ id: String) async throws {
        _ = try await client.waitForJob(id, timeout: .seconds(60)) { job in
            guard case .array(let tasks)? = job["tasks"], tasks.count == 4 else { return false }
            return tasks[2]["status"] == "processing"
        }
    }

    @Test(arguments: [SIGKILL, SIGTERM])
    func aJobInterruptedMidEncodeRunsAgainAtTheNextStart(_ signal: Int32) async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }
        let environment = ["KILN_API_KEY": "recover", "KILN_ALLOW_PRIVATE_INPUTS": "1"]
        try await MediaServer.run(extraFiles: ["long.mp4": try Self.longInput()]) { media in
            let server = KilnProcess(arguments: ["serve", "--port", "0", "--data", data.path], environment: environment)
            try server.start()
            let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(server.port)", apiKey: "recover")
            let created = try await client.createJob(#"{"input":"\#(media.url("/media/long.mp4"))","kind":"video","options":{"codec":"vp9","quality":"high"}}"#)
            let id = try #require(created["id"]?.stringValue)
            try await Self.waitForEncode(client, id)

            let encoders = try await Self.waitForFFmpeg(containing: data.path)
            #expect(!encoders.isEmpty, "ffmpeg is running")
            let stopped = ContinuousClock.now
            server.kill(signal)
            if signal == SIGTERM {
                #expect(server.process.terminationStatus == 0)
                #expect(ContinuousClock.now - stopped < .seconds(5), "shutdown does not wait for the encode")
            }
            if signal == SIGTERM {
                #expect(Self.ffmpegProcesses(containing: data.path).isEmpty, "a shutdown stops its encoders")
            }

            let restarted = KilnProcess(arguments: ["serve", "--port", "0", "--data", data.path], environment: environment)
            try restarted.start()
            // After kill -9 the old encoder outlives its server until the next start ends it.
            try await Task.sleep(for: .milliseconds(200))
            #expect(encoders.allSatisfy { !Self.isAlive($0) }, "the killed server's encoder is gone")
            defer { restarted.kill(SIGTERM) }
            let after = HTTPTestClient(baseURL: "http://127.0.0.1:\(restarted.port)", apiKey: "recover")
            let job = try await after.waitForJob(id, timeout: .seconds(300))
            #expect(job["status"] == "succeeded", "\(job["error"]?.serialized() ?? "")")
            let scratch = data.appendingPathComponent("scratch").path
            #expect((try? FileManager.default.contentsOfDirectory(atPath: scratch)) == [])
        }
    }

    static func ffmpegPIDs(containing text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> Int32? in
            guard let value = Int32(pid), let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let command = String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            let program = command.split(separator: " ").first.map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" } ?? ""
            return program == "ffmpeg" && command.contains(text) && isAlive(value) ? value : nil
        }
    }

    /// The encode task is marked processing a moment before ffmpeg is spawned.
    /// The ffmpeg processes whose arguments contain `text`, once there are at least `count`.
    static func waitForFFmpeg(containing text: String, count: Int = 1) async throws -> [Int32] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let pids = ffmpegPIDs(containing: text)
            if pids.count >= count { return pids }
            try await Task.sleep(for: .milliseconds(20))
        }
        return []
    }

    /// Running, not a zombie waiting to be reaped.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Command lines of running ffmpeg processes that mention `text`.
    static func ffmpegProcesses(containing text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> String? in
            guard Int(pid) != nil, let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let command = String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            let program = command.split(separator: " ").first.map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" } ?? ""
            return program == "ffmpeg" && command.contains(text) && isAlive(Int32(pid) ?? 0) ? command : nil
        }
    }
}
