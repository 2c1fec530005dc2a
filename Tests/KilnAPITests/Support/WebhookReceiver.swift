import Foundation
import Hummingbird
import KilnCore
import Logging
import NIOCore

/// A real webhook receiver on a loopback port: records every POST (headers and body), and
/// answers as `behaviour` says for the n-th request (0-based).
struct WebhookReceiver: Sendable {
    struct Received: Sendable {
        let headers: [String: String]
        let body: String
        var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    }

    /// What to do with a request: its status, after a delay.
    struct Answer: Sendable {
        var status: HTTPResponse.Status = .ok
        var delay: Duration = .zero
    }

    let url: String
    let log: Log

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Received] = []
        func add(_ item: Received) -> Int { lock.withLock { items.append(item); return items.count - 1 } }
        var all: [Received] { lock.withLock { items } }
    }

    var received: [Received] { log.all }

    /// Waits until `count` deliveries arrived (at most `timeout`).
    func wait(for count: Int, timeout: Duration = .seconds(20)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.all.count >= count { return log.all }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("expected \(count) deliveries, got \(log.all.count)")
    }

    static func run<T: Sendable>(
        port: Int = 0, behaviour: @escaping @Sendable (Int) -> Answer = { _ in Answer() }, _ body: @Sendable (WebhookReceiver) async throws -> T
    ) async throws -> T {
        let log = Log()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let index = log.add(Received(headers: headers, body: String(buffer: buffer)))
            let answer = behaviour(index)
            if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
            return Response(status: answer.status)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "webhook-receiver", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("receiver did not start") }
            let result = try await body(WebhookReceiver(url: "http://127.0.0.1:\(port)/hook", log: log))
            group.cancelAll()
            return result
        }
    }

    /// Verifies a delivery's signature with the `standardwebhooks` package from PyPI, as a
    /// receiver would; true when it verifies with `secret`.
    static func verifies(_ received: Received, secret: String) throws -> Bool {
        let input = JSONValue.object(JSONObject([
            JSONField("secret", .string(secret)), JSONField("body", .string(received.body)),
            JSONField("headers", .object(JSONObject(received.headers.map { JSONField($0.key, .string($0.value)) }))),
        ])).serialized()
        let script = """
            import json, sys
            from standardwebhooks.webhooks import Webhook
            data = json.load(sys.stdin)
            try:
                Webhook(data["secret"]).verify(data["body"], data["headers"])
                print("ok")
            except Exception as e:
                print("no", e)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.hasPrefix("ok")
    }
}
