import Foundation
import KilnCore
import Testing

@Suite struct AuthTests {
    @Test func missingInvalidAndRevokedKeys() async throws {
        try await TestServer.run { server in
            let body = #"{"input":"https://x.com/a.mp4","kind":"video"}"#
            let missing = try await server.client.post("/jobs", body, apiKey: .some(nil))
            #expect(missing.status == 401 && missing.errorKind == "token_missing")
            let listMissing = try await server.client.get("/jobs", apiKey: .some(nil))
            #expect(listMissing.status == 401 && listMissing.errorKind == "token_missing")

            let invalid = try await server.client.post("/jobs", body, apiKey: "kiln_wrong")
            #expect(invalid.status == 401 && invalid.errorKind == "token_invalid")
            let basic = try await server.client.request(.GET, "/jobs", headers: [("Authorization", "Basic abc")], apiKey: .some(nil))
            #expect(basic.status == 401 && basic.errorKind == "token_invalid")
            let empty = try await server.client.request(.GET, "/jobs", headers: [("Authorization", "Bearer")], apiKey: .some(nil))
            #expect(empty.status == 401)

            let now = KilnClock.system.nowMillis()
            let extra = try await server.store.createAPIKey(projectName: "default", name: "to revoke", now: now)
            #expect(try await server.client.get("/jobs", apiKey: extra.secret).status == 200)
            #expect(try await server.store.revokeAPIKey(id: extra.info.id, now: now))
            // Verified keys are remembered for a second.
            try await Task.sleep(for: .milliseconds(1100))
            let revoked = try await server.client.get("/jobs", apiKey: extra.secret)
            #expect(revoked.status == 401 && revoked.errorKind == "token_invalid")
            #expect(try await server.store.revokeAPIKey(id: extra.info.id, now: now) == false)
            #expect(try await server.client.get("/jobs").status == 200, "other keys keep working")
        }
    }

    @Test func anotherProjectsIdsAreNotFound() async throws {
        try await TestServer.run { server in
            let other = try await server.store.createAPIKey(projectName: "other", name: nil, now: KilnClock.system.nowMillis())
            let mine = try await server.client.createJob(#"{"input":"https://x.com/mine.mp4","kind":"video"}"#)
            let id = try #require(mine["id"]?.stringValue)

            let theirs = try await server.client.get("/jobs/\(id)", apiKey: other.secret)
            #expect(theirs.status == 404 && theirs.errorKind == "job_not_found")
            // Once finished, the job is served from the rendered bodies: still only to its project.
            #expect(try await server.client.request(.POST, "/jobs/\(id)/cancel").status == 200)
            let first = try await server.client.get("/jobs/\(id)").text
            #expect(try await server.client.get("/jobs/\(id)").text == first)
            #expect(try await server.client.get("/jobs/\(id)", apiKey: other.secret).errorKind == "job_not_found")
            #expect(try await server.client.get("/jobs", apiKey: other.secret).text == "[]")

            let sameKeyOtherProject = try await server.client.post(
                "/jobs", #"{"input":"https://x.com/theirs.mp4","kind":"audio"}"#, apiKey: other.secret
            )
            #expect(sameKeyOtherProject.status == 201)
            let listMine = try await server.client.get("/jobs")
            guard case .array(let items) = try listMine.json else { throw TestFailure("array") }
            #expect(items.map { $0["id"] } == [mine["id"]])
        }
    }
}
