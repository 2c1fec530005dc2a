import Foundation
import KilnCore
import Testing

/// Webhooks across crashes and nodes, with real `kiln` processes.
@Suite(.serialized) struct WebhookProcessTests {
    @Test func anEventCommittedBeforeAKillIsDeliveredAfterTheRestart() async throws {
        try await MediaServer.run { media in
            let data = try TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(at: data) }
            let receiverPort = try FreePort.pick()
            let arguments = ["serve", "--port", "0", "--data", data.path, "--allow-private-inputs", "--workers", "1"]
            let environment = ["KILN_API_KEY": "webhook-key"]
            let first = KilnProcess(arguments: arguments, environment: environment)
            try first.start()
            defer { if first.process.isRunning { first.kill(SIGKILL) } }
            let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(first.port)", apiKey: "webhook-key")
            // The receiver is down: the job's end is committed, its delivery refused and due again later.
            _ = try await client.post("/webhooks/endpoints", #"{"url":"http://127.0.0.1:\#(receiverPort)/hook","topics":["job.succeeded"]}"#)
            let job = try await client.runJob(#"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"width":16}}"#)
            #expect(job["status"] == "succeeded")
            try await Task.sleep(for: .milliseconds(500))
            first.kill(SIGKILL)

            try await WebhookReceiver.run(port: receiverPort) { receiver in
                let second = KilnProcess(arguments: arguments, environment: environment)
                try second.start()
                defer { second.kill(SIGTERM) }
                let delivered = try await receiver.wait(for: 1, timeout: .seconds(20))
                #expect(delivered[0].json["kind"] == "job.succeeded" && delivered[0].json["data"]?["id"] == job["id"])
            }
        }
    }
}

extension ClusterTests {
    @Test func twoNodesDeliverEachEventOnce() async throws {
        try await MediaServer.run { media in
            try await WebhookReceiver.run { receiver in
                try await Self.withCluster(extraArguments: ["--allow-input-host", "127.0.0.1"]) { cluster in
                    try cluster.startWorker()
                    _ = try await cluster.client.post("/webhooks/endpoints", #"{"url":"\#(receiver.url)","topics":["job.succeeded","task.succeeded"]}"#)
                    var ids: [String] = []
                    for index in 0..<4 {
                        let job = try await cluster.client.createJob(#"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"width":\#(16 + index)}}"#)
                        ids.append(try #require(job["id"]?.stringValue))
                    }
                    for id in ids { _ = try await cluster.client.waitForJob(id, timeout: .seconds(120)) }
                    _ = try await receiver.wait(for: 20, timeout: .seconds(30))
                    try await Task.sleep(for: .seconds(2))
                    let webhookIDs = receiver.received.compactMap { $0.headers["webhook-id"] }
                    #expect(webhookIDs.count == 20 && Set(webhookIDs).count == 20, "each of the 20 events once: \(webhookIDs.count) deliveries")
                }
            }
        }
    }
}
