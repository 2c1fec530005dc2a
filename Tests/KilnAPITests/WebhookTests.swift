import Foundation
import KilnCore
import KilnStore
import Testing

/// Webhooks with a real receiver on loopback: signatures verified by the `standardwebhooks`
/// package, retries, timeouts, endpoints and `webhook_url`.
@Suite(.serialized) struct WebhookTests {
    static func imageJob(_ media: MediaServer, extra: String = "") -> String {
        #"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"width":32}\#(extra)}"#
    }

    @Test func aJobsWebhookURLGetsItsEndSignedWithTheProjectSecret() async throws {
        try await MediaServer.run { media in
            try await WebhookReceiver.run { receiver in
                try await TestServer.run(pipeline: .init()) { server in
                    let job = try await server.client.runJob(Self.imageJob(media, extra: #","webhook_url":"\#(receiver.url)""#))
                    let delivered = try await receiver.wait(for: 1)
                    let event = delivered[0].json
                    #expect(event["object"] == "event" && event["kind"] == "job.succeeded")
                    #expect(event["data"]?["id"] == job["id"] && event["data"]?["status"] == "succeeded")
                    #expect(delivered[0].headers["webhook-id"] == event["id"]?.stringValue)
                    let sealed = try #require(try await server.store.projectWebhookSecret(projectID: try Self.projectID(server)))
                    let secret = try SecretBox.forDataDirectory(server.directory.path, secret: nil).open(sealed)
                    #expect(try WebhookReceiver.verifies(delivered[0], secret: secret))
                    #expect(try WebhookReceiver.verifies(delivered[0], secret: WebhookSignature.newSecret()) == false)
                    try await Task.sleep(for: .milliseconds(700))
                    #expect(receiver.received.count == 1, "only the event that ends the job goes to webhook_url")
                }
            }
        }
    }

    static func projectID(_ server: TestServer) async throws -> String {
        try #require(try await server.store.authenticate(secret: server.apiKey)?.projectID)
    }

    @Test func endpointsGetTheirTopicsSignedAndListTheAttempts() async throws {
        try await MediaServer.run { media in
            try await WebhookReceiver.run { receiver in
                try await TestServer.run(pipeline: .init()) { server in
                    let created = try await server.client.post("/webhooks/endpoints", #"{"url":"\#(receiver.url)","topics":["job.succeeded","task.succeeded"],"description":"ci"}"#)
                    #expect(created.status == 201)
                    let endpoint = try created.json
                    let secret = try #require(endpoint["secret"]?.stringValue)
                    #expect(secret.hasPrefix("whsec_") && endpoint["enabled"] == true)
                    let id = try #require(endpoint["id"]?.stringValue)
                    #expect(try await server.client.get("/webhooks/endpoints/\(id)").json["secret"] == nil, "the secret is shown once")

                    _ = try await server.client.runJob(Self.imageJob(media))
                    let delivered = try await receiver.wait(for: 5)
                    let kinds = delivered.compactMap { $0.json["kind"]?.stringValue }
                    #expect(kinds.filter { $0 == "task.succeeded" }.count == 4 && kinds.contains("job.succeeded"))
                    #expect(try delivered.allSatisfy { try WebhookReceiver.verifies($0, secret: secret) })
                    let ended = try #require(delivered.first { $0.json["kind"] == "job.succeeded" })
                    let eventID = try #require(ended.json["id"]?.stringValue)
                    let shown = try await server.client.get("/events/\(eventID)").json
                    #expect(shown["attempts"]?.arrayValue?.first?["status_code"] == 200)
                    #expect(shown["attempts"]?.arrayValue?.first?["endpoint_id"] == endpoint["id"])

                    // Rotating: the new secret signs, and the old one still verifies for a day.
                    let rotated = try await server.client.post("/webhooks/endpoints/\(id)/rotate-secret", "{}").json
                    let newSecret = try #require(rotated["secret"]?.stringValue)
                    #expect(newSecret != secret)
                    let redelivered = try await server.client.post("/events/\(eventID)/redeliver", "{}")
                    #expect(redelivered.status == 202)
                    let again = try await receiver.wait(for: 6)
                    #expect(try WebhookReceiver.verifies(again[5], secret: newSecret) && WebhookReceiver.verifies(again[5], secret: secret))
                    #expect(again[5].headers["webhook-id"] == eventID, "a redelivery keeps the event id, for deduplication")

                    // Turned off, it gets nothing.
                    #expect(try await server.client.request(.PATCH, "/webhooks/endpoints/\(id)", body: #"{"enabled":false}"#).json["enabled"] == false)
                    _ = try await server.client.runJob(Self.imageJob(media))
                    try await Task.sleep(for: .milliseconds(700))
                    #expect(receiver.received.count == 6)
                    #expect(try await server.client.request(.DELETE, "/webhooks/endpoints/\(id)").status == 200)
                    #expect(try await server.client.get("/webhooks/endpoints/\(id)").errorKind == "endpoint_not_found")
                }
            }
        }
    }

    @Test func aReceiverThatFailsOrHangsIsTriedAgain() async throws {
        // The first answer is a 503, the second hangs past the timeout, the third is a 200.
        let answers: [WebhookReceiver.Answer] = [.init(status: .serviceUnavailable), .init(delay: .seconds(4)), .init()]
        try await MediaServer.run { media in
            try await WebhookReceiver.run(behaviour: { answers[min($0, 2)] }) { receiver in
                var pipeline = TestServer.Pipeline()
                pipeline.webhooks.timeout = .seconds(1)
                try await TestServer.run(pipeline: pipeline) { server in
                    _ = try await server.client.post("/webhooks/endpoints", #"{"url":"\#(receiver.url)","topics":["job.succeeded"]}"#)
                    _ = try await server.client.runJob(Self.imageJob(media))
                    // Retries wait about 5 s and 30 s (±20 %); the third try comes after the second's.
                    let delivered = try await receiver.wait(for: 2, timeout: .seconds(15))
                    #expect(Set(delivered.map { $0.headers["webhook-id"] }).count == 1, "the same event, tried again")
                    let eventID = try #require(delivered[0].json["id"]?.stringValue)
                    let attempts = try #require(try await server.client.get("/events/\(eventID)").json["attempts"]?.arrayValue)
                    #expect(attempts.first?["status_code"] == 503)
                    try await Task.sleep(for: .seconds(2))
                    let after = try #require(try await server.client.get("/events/\(eventID)").json["attempts"]?.arrayValue)
                    #expect(after.count == 2 && after[1]["status_code"] == .null && after[1]["error"]?.stringValue?.contains("timed out") == true, "\(after)")
                }
            }
        }
    }

    @Test func badEndpointsAreRefused() async throws {
        try await TestServer.run { server in
            let cases = [
                (#"{"topics":["*"]}"#, "url is required"),
                (#"{"url":"ftp://x.example/hook","topics":["*"]}"#, "http"),
                (#"{"url":"https://x.example/hook"}"#, "topics is required"),
                (#"{"url":"https://x.example/hook","topics":[]}"#, "at least one"),
                (#"{"url":"https://x.example/hook","topics":["job.finished"]}"#, "job.finished"),
                (#"{"url":"https://x.example/hook","topics":["*"],"secret":"x"}"#, "secret"),
            ]
            for (body, mentions) in cases {
                let response = try await server.client.post("/webhooks/endpoints", body)
                #expect(response.status == 400 && response.errorKind == "invalid_request", "\(body)")
                #expect(try response.json["message"]?.stringValue?.contains(mentions) == true, "\(body): \(response.text)")
            }
            let job = try await server.client.post("/jobs", #"{"input":"https://x.example/a.mp4","kind":"video","webhook_url":"javascript:alert(1)"}"#)
            #expect(job.errorKind == "invalid_request")
            #expect(try await server.client.request(.PATCH, "/webhooks/endpoints/we_01NOPE", body: "{}").errorKind == "endpoint_not_found")
        }
    }
}
