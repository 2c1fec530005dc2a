import Foundation
import KilnCore
import Testing

/// `/connections`: credentials for the user's own storage; the secret is sealed and never shown.
@Suite struct ConnectionTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    @Test func createListPatchDeleteAndTheSecretNeverComesBack() async throws {
        try await TestServer.run { server in
            let openAPI = try await ContractTests.validator(server)
            let created = try await server.client.post("/connections", #"{"kind":"s3","name":"r2","endpoint":"https://acct.r2.cloudflarestorage.com","region":"auto","access_key_id":"AKIAEXAMPLE","secret_access_key":"\#(Self.secret)","force_path_style":true}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(openAPI.problems(path: "/connections", method: "POST", response: created) == [])
            let first = try created.json
            let id = try #require(first["id"]?.stringValue)
            #expect(id.hasPrefix("conn_") && first["is_default"] == true, "a project's first connection is its default")
            #expect(first["force_path_style"] == true && first["region"] == "auto")

            let second = try await server.client.post("/connections", #"{"kind":"s3","name":"aws","region":"eu-west-1","access_key_id":"AK2","secret_access_key":"other-secret"}"#)
            let secondJSON = try second.json
            #expect(secondJSON["endpoint"] == "https://s3.eu-west-1.amazonaws.com" && secondJSON["is_default"] == false)
            let secondID = try #require(secondJSON["id"]?.stringValue)

            let patched = try await server.client.request(.PATCH, "/connections/\(secondID)", body: #"{"is_default":true,"secret_access_key":"rotated-secret","name":"aws-main"}"#)
            #expect(patched.status == 200)
            let patchedBody = try patched.json
            #expect(patchedBody["is_default"] == true && patchedBody["name"] == "aws-main")
            let list = try await server.client.get("/connections")
            #expect(openAPI.problems(path: "/connections", method: "GET", response: list) == [])
            guard case .array(let items) = try list.json else { throw TestFailure("array") }
            #expect(items.filter { $0["is_default"] == true }.map { $0["id"] } == [.string(secondID)], "one default per project")

            let fetched = try await server.client.get("/connections/\(id)")
            #expect(openAPI.problems(path: "/connections/{id}", method: "GET", response: fetched) == [])
            for response in [created, second, patched, list, fetched] {
                #expect(!response.text.contains(Self.secret) && !response.text.contains("rotated-secret") && !response.text.contains("secret_access_key"))
            }
            let database = try Data(contentsOf: server.directory.appendingPathComponent("kiln.sqlite"))
                + ((try? Data(contentsOf: server.directory.appendingPathComponent("kiln.sqlite-wal"))) ?? Data())
            #expect(database.range(of: Data(Self.secret.utf8)) == nil && database.range(of: Data("rotated-secret".utf8)) == nil, "sealed at rest")
            let keyFile = server.directory.appendingPathComponent("secret.key").path
            let permissions = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? NSNumber
            #expect(permissions?.intValue == 0o600)

            let other = try await server.store.createAPIKey(projectName: "other", name: nil, now: KilnClock.system.nowMillis())
            #expect(try await server.client.get("/connections/\(id)", apiKey: other.secret).errorKind == "connection_not_found")
            #expect(try await server.client.get("/connections", apiKey: other.secret).text == "[]")

            let deleted = try await server.client.request(.DELETE, "/connections/\(id)")
            let deletedBody = try deleted.json
            #expect(deleted.status == 200 && deletedBody["deleted"] == true)
            let gone = try await server.client.get("/connections/\(id)")
            #expect(gone.errorKind == "connection_not_found")
            #expect(try await server.client.request(.DELETE, "/connections/\(id)").status == 404)
        }
    }

    @Test func validation() async throws {
        try await TestServer.run { server in
            let cases: [(String, String)] = [
                (#"{"name":"x","access_key_id":"a","secret_access_key":"b"}"#, "kind_required"),
                (#"{"kind":"gcs","name":"x","access_key_id":"a","secret_access_key":"b"}"#, "invalid_kind"),
                (#"{"kind":"s3","access_key_id":"a","secret_access_key":"b"}"#, "invalid_request"),
                (#"{"kind":"s3","name":"x","secret_access_key":"b"}"#, "invalid_request"),
                (#"{"kind":"s3","name":"x","access_key_id":"a"}"#, "invalid_request"),
                (#"{"kind":"s3","name":"x","access_key_id":"a","secret_access_key":"b","endpoint":"ftp://x"}"#, "invalid_option"),
                (#"{"kind":"s3","name":"x","access_key_id":"a","secret_access_key":"b","is_default":"yes"}"#, "invalid_request"),
                (#"{"kind":"s3","name":"x","access_key_id":"a","secret_access_key":"b","password":"c"}"#, "invalid_request"),
                (#"{"kind":"s3","name":"x","access_key_id":"a","secret_access_key":"b","region":null}"#, "invalid_request"),
                (#"{"kind":"s3","name":"","access_key_id":"a","secret_access_key":"b"}"#, "invalid_option"),
                (#"{"kind":"s3","name":"\#(String(repeating: "é", count: 201))","access_key_id":"a","secret_access_key":"b"}"#, "invalid_option"),
            ]
            for (body, kind) in cases {
                let response = try await server.client.post("/connections", body)
                #expect(response.status == 400 && response.errorKind == kind, "\(body): \(response.text)")
            }
            #expect(try await server.client.request(.PATCH, "/connections/conn_01ZZZZZZZZZZZZZZZZZZZZZZZZ", body: "{}").errorKind == "connection_not_found")
            // Lengths are counted in characters, as the OpenAPI document's maxLength counts them.
            let long = try await server.client.post("/connections", #"{"kind":"s3","name":"\#(String(repeating: "é", count: 200))","access_key_id":"a","secret_access_key":"b"}"#)
            #expect(long.status == 201, "\(long.text)")
        }
    }

    /// Regression (#12): `null` for the secret, the region or the key id answered 200 (and reset
    /// the region); a patch cannot unset any field.
    @Test func aPatchCannotSetAFieldToNull() async throws {
        try await TestServer.run { server in
            let created = try await server.client.post("/connections", #"{"kind":"s3","name":"x","region":"eu-west-1","access_key_id":"a","secret_access_key":"b"}"#)
            let before = try created.json
            let id = try #require(before["id"]?.stringValue)
            for field in ConnectionChanges.fields {
                let response = try await server.client.request(.PATCH, "/connections/\(id)", body: #"{"\#(field)":null}"#)
                #expect(response.status == 400 && response.errorKind == "invalid_request", "\(field): \(response.text)")
            }
            let after = try await server.client.get("/connections/\(id)").json
            #expect(after == before, "nothing changed")
        }
    }

    @Test func anS3OutputNeedsAConnection() async throws {
        try await TestServer.run { server in
            let body = #"{"input":"https://x.com/a.mov","kind":"video","output":"s3://bucket/{id}.mp4"}"#
            let refused = try await server.client.post("/jobs", body)
            #expect(refused.status == 400 && refused.errorKind == "connection_required")
            let unknown = try await server.client.post("/jobs", #"{"input":"https://x.com/a.mov","kind":"video","output":"s3://b/k.mp4","connection_id":"conn_01ZZZZZZZZZZZZZZZZZZZZZZZZ"}"#)
            #expect(unknown.status == 404 && unknown.errorKind == "connection_not_found")
            _ = try await server.client.post("/connections", #"{"kind":"s3","name":"x","access_key_id":"a","secret_access_key":"b"}"#)
            #expect(try await server.client.post("/jobs", body).status == 201)
            let export = try await server.client.post("/tasks", #"{"kind":"export","input":{"object":"file","url":"https://x.com/a.mp4"},"options":{"url":"s3://b/k.mp4"}}"#)
            #expect(export.status == 201)
        }
    }
}
