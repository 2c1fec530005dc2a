import AsyncHTTPClient
import Foundation
import KilnCore
import KilnStorage
import KilnStore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Delivers events: turns the outbox's new events into deliveries, then POSTs each due delivery,
/// signed, through the address guard, and records the attempt (`DeliveryRules` decides what
/// follows). Every node runs one; claims are leased, so each delivery goes out from one node at a
/// time. At least once: a node that dies after sending but before recording sends it again later.
public struct WebhookDeliverer: Service {
    public struct Settings: Sendable {
        /// How long a receiver has to answer.
        public var timeout: Duration
        /// Deliveries sent at once by this node.
        public var concurrency: Int
        /// Whether this node sends at all (off: it only records events, for other nodes to send).
        public var enabled: Bool

        public init(timeout: Duration = .seconds(10), concurrency: Int = 8, enabled: Bool = true) {
            self.timeout = timeout
            self.concurrency = concurrency
            self.enabled = enabled
        }
    }

    let store: any JobStore
    let secrets: SecretBox
    let addressGuard: InputFetcher
    let httpClient: HTTPClient
    let clock: KilnClock
    let logger: Logger
    let wake: WakeSignal
    let settings: Settings

    public init(
        store: any JobStore, secrets: SecretBox, addressGuard: InputFetcher, httpClient: HTTPClient, clock: KilnClock, logger: Logger,
        wake: WakeSignal, settings: Settings = Settings()
    ) {
        self.store = store
        self.secrets = secrets
        self.addressGuard = addressGuard
        self.httpClient = httpClient
        self.clock = clock
        self.logger = logger
        self.wake = wake
        self.settings = settings
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let seen = wake.generation()
                do {
                    let now = clock.nowMillis()
                    _ = try await store.dispatchEvents(limit: 200, now: now)
                    // The lease covers one round of deliveries, each at most its timeout, with room to spare.
                    let lease = Int64(settings.timeout.components.seconds) * 1000 + 10_000
                    let due = try await store.claimDeliveries(now: now, limit: settings.concurrency, leaseMillis: lease)
                    if due.isEmpty {
                        await wake.wait(after: seen, timeout: .milliseconds(500))
                        continue
                    }
                    await withDiscardingTaskGroup { group in
                        for delivery in due { group.addTask { await deliver(delivery) } }
                    }
                } catch {
                    logger.error("delivering events failed: \(error)")
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    private func deliver(_ delivery: Delivery) async {
        do {
            guard let event = try await store.event(id: delivery.eventID, projectID: delivery.projectID) else { return }
            let body = event.json().serialized()
            let signing = try await signingSecrets(for: delivery)
            let started = clock.nowMillis()
            let headers = WebhookSignature.headers(id: event.id, timestamp: started / 1000, body: body, secrets: signing)
            let (status, error) = await post(body, headers: headers, to: delivery.url)
            let attempt = DeliveryAttempt(
                at: started, endpointID: delivery.endpointID, url: delivery.url, statusCode: status,
                durationMillis: clock.nowMillis() - started, error: error
            )
            var endpoint: WebhookEndpoint?
            if let id = delivery.endpointID { endpoint = try await store.endpoint(id: id, projectID: delivery.projectID) }
            let (next, changed) = DeliveryRules.after(attempt, delivery: delivery, endpoint: endpoint, jitter: Double.random(in: 0...1))
            try await store.finishAttempt(attempt, delivery: next, endpoint: changed == endpoint ? nil : changed)
        } catch {
            logger.error("delivery \(delivery.id) could not be recorded: \(error)")
        }
    }

    /// An endpoint's own secrets, or the project's for a `webhook_url` (made on first use).
    private func signingSecrets(for delivery: Delivery) async throws -> [String] {
        if let id = delivery.endpointID {
            return try await store.endpointSecrets(id: id, now: clock.nowMillis()).map { try secrets.open($0) }
        }
        if let sealed = try await store.projectWebhookSecret(projectID: delivery.projectID) { return [try secrets.open(sealed)] }
        let secret = WebhookSignature.newSecret()
        try await store.setProjectWebhookSecret(projectID: delivery.projectID, sealedSecret: try secrets.seal(secret))
        return [secret]
    }

    /// The receiver's status code, or why there was none.
    private func post(_ body: String, headers: [(String, String)], to url: String) async -> (Int?, String?) {
        guard let parsed = URL(string: url) else { return (nil, "the URL cannot be read") }
        do {
            try addressGuard.check(parsed)
        } catch {
            return (nil, error.message)
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Kiln-Webhooks")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await httpClient.execute(request, timeout: .init(settings.timeout))
            _ = try? await response.body.collect(upTo: 64 << 10)
            return (Int(response.status.code), nil)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return (nil, "timed out: no answer within \(settings.timeout.components.seconds) s")
        } catch {
            return (nil, NetworkFailure.describe(error))
        }
    }
}
