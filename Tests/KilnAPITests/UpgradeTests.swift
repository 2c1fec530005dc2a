import Foundation
import KilnCore
import KilnStore
import Testing

/// Data written by earlier releases (`Fixtures/upgrade`, made by `scripts/make-upgrade-fixtures`):
/// a06e9a7, the release before runs, and 0370654, with workflows, step-level scheduling and
/// chunked encodes. Each opens after the upgrade on both stores, and every job, task, connection,
/// key and idempotency record is served as before — but for the documented corrections: tasks
/// carry `metadata`, encode tasks show their canonical options, and progress is a whole number on
/// encodes and `null` on the steps that report none.
@Suite(.serialized) struct UpgradeTests {
    /// The releases whose stores are kept in `Fixtures/upgrade`.
    static let releases = ["a06e9a7", "0370654"]

    @Test(arguments: releases)
    func aSQLiteDataDirectoryOfAnEarlierReleaseIsServedAsBefore(release: String) async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try Fixtures.upgradeDirectory(release: release, store: "sqlite")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name != "expected.json" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let expected = try Fixtures.upgradeExpectation(release: release, store: "sqlite")
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
        try await Self.check(expected, store: store, directory: directory)
        // The keys of the other project and the revoked one still do what they did.
        let keys = try #require(expected["created_keys"])
        try await TestServer.run(existing: Self.existing(expected, store: store, directory: directory)) { server in
            let second = try #require(keys["second"]?["secret"]?.stringValue)
            #expect(try await server.client.get("/jobs", apiKey: second).text == "[]")
            let third = try #require(keys["third"]?["secret"]?.stringValue)
            #expect(try await server.client.get("/jobs", apiKey: third).status == 401)
        }
    }

    @Test(.enabled(if: TestPostgres.baseURL != nil, "needs the PostgreSQL that scripts/test starts"), arguments: releases)
    func aPostgreSQLDatabaseOfAnEarlierReleaseIsServedAsBefore(release: String) async throws {
        let source = try Fixtures.upgradeDirectory(release: release, store: "postgres")
        let expected = try Fixtures.upgradeExpectation(release: release, store: "postgres")
        try await TestPostgres.withDatabase { url in
            try TestPostgres.load(source.appendingPathComponent("dump.sql"), into: url)
            try await TestPostgres.withStore(url: url) { store in
                let directory = try TemporaryDirectory.make()
                defer { try? FileManager.default.removeItem(at: directory) }
                try FileManager.default.copyItem(at: source.appendingPathComponent("files"), to: directory.appendingPathComponent("files"))
                try await Self.check(expected, store: store, directory: directory)
            }
        }
    }

    static func existing(_ expected: JSONValue, store: any JobStore, directory: URL) throws -> TestServer.Existing {
        TestServer.Existing(
            store: store, directory: directory, publicURL: try #require(expected["public_url"]?.stringValue),
            apiKey: try #require(expected["api_key"]?.stringValue)
        )
    }

    /// Every recorded response, the idempotent replay and the published files.
    static func check(_ expected: JSONValue, store: any JobStore, directory: URL) async throws {
        try await TestServer.run(existing: existing(expected, store: store, directory: directory)) { server in
            let responses = try #require(expected["responses"]?.objectValue)
            for field in responses.fields {
                let path = String(field.key.dropFirst("GET ".count))
                let response = try await server.client.get(path)
                #expect(response.status == 200, "\(field.key)")
                #expect(normalized(try response.json) == normalized(field.value), "\(field.key) is served as before")
            }
            // The tasks of a job and its encode options: canonical now, the same values as the job's.
            for field in responses.fields where field.key.hasPrefix("GET /jobs/") {
                let job = try await server.client.get(String(field.key.dropFirst(4))).json
                guard let kind = job["kind"]?.stringValue.flatMap(JobKind.init), case .array(let tasks)? = job["tasks"] else { continue }
                let encode = try #require(tasks.first { $0["kind"]?.stringValue == kind.rawValue })
                let stored = try #require(encode["options"]?.objectValue)
                #expect(try JobOptions.parse(stored, kind: kind) == JobOptions.parse(job["options"]?.objectValue ?? JSONObject(), kind: kind))
                #expect(tasks.allSatisfy { $0["metadata"] == .null })
            }
            let idempotency = try #require(expected["idempotency"])
            let replay = try await server.client.post(
                "/jobs", try #require(idempotency["body_text"]?.stringValue), headers: [("Idempotency-Key", try #require(idempotency["key"]?.stringValue))]
            )
            #expect(replay.status == 200 && replay.header("Idempotent-Replayed") == "true")
            #expect(try replay.json["id"] == idempotency["job_id"])
            let jobs = try await server.client.get("/jobs?status=succeeded&kind=video").json
            guard case .array(let succeeded) = jobs, let output = succeeded.first?["output"]?.stringValue else {
                Issue.record("no succeeded video job")
                return
            }
            let file = try await server.client.get(String(output.dropFirst(try #require(expected["public_url"]?.stringValue).count)))
            #expect(file.status == 200 && file.header("Content-Type") == "video/mp4")
        }
    }

    /// A response with the documented corrections taken out of the comparison.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(normalized))
        case .object(var object):
            if object["object"] == "task" {
                object["metadata"] = nil
                object["progress"] = nil
                if let kind = object["kind"]?.stringValue, JobKind(rawValue: kind) != nil { object["options"] = nil }
            }
            return .object(JSONObject(object.fields.map { JSONField($0.key, normalized($0.value)) }))
        default:
            return value
        }
    }
}

extension Fixtures {
    /// A release's store: the first set (a06e9a7) in `upgrade/<store>`, every later one in
    /// `upgrade/<release>/<store>` (where `scripts/make-upgrade-fixtures --release` writes them).
    static func upgradeDirectory(release: String, store: String) throws -> URL {
        let path = release == "a06e9a7" ? "upgrade/\(store)" : "upgrade/\(release)/\(store)"
        guard let url = Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil) else {
            throw TestFailure("missing fixture \(path)")
        }
        return url
    }

    static func upgradeExpectation(release: String, store: String) throws -> JSONValue {
        let directory = try upgradeDirectory(release: release, store: store)
        return try JSONParser.parse(String(contentsOf: directory.appendingPathComponent("expected.json"), encoding: .utf8))
    }
}

extension TestPostgres {
    /// Loads a plain `pg_dump` into the database at `url` with psql (dropping the `\restrict`
    /// lines newer dumps carry, which older clients refuse).
    static func load(_ dump: URL, into url: String) throws {
        let text = try String(contentsOf: dump, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("\\") }.joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-dump-\(UUID().uuidString).sql")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("psql could not load \(dump.lastPathComponent)") }
    }
}
