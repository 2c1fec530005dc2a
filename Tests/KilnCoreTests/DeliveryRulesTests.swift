import KilnCore
import Testing

/// The pure rules of events and deliveries: topics, which deliveries an event gets, retries and
/// turning an endpoint off.
struct DeliveryRulesTests {
    static let ids = IDSource.live()

    @Test(arguments: [
        (["*"], "job.updated", true), (["job.*"], "job.failed", true), (["job.*"], "task.failed", false),
        (["task.succeeded"], "task.succeeded", true), (["task.succeeded"], "task.failed", false), ([], "job.created", false),
    ])
    func topicsSelectKinds(_ topics: [String], _ kind: String, _ matches: Bool) {
        #expect(EventTopics.matches(topics, kind: kind) == matches)
    }

    static func endpoint(_ id: String, topics: [String], enabled: Bool = true, project: String = "p") -> WebhookEndpoint {
        WebhookEndpoint(id: id, projectID: project, url: "https://\(id).example/hook", topics: topics, description: nil, enabled: enabled, createdAt: 0, updatedAt: 0)
    }

    @Test func anEventGoesToTheEnabledEndpointsThatTakeItAndItsWebhookURL() {
        var event = Event(id: "evt_1", projectID: "p", kind: "job.succeeded", jobID: "job_1", taskID: nil, data: .null, createdAt: 5)
        let endpoints = [
            Self.endpoint("we_a", topics: ["job.*"]), Self.endpoint("we_b", topics: ["task.*"]),
            Self.endpoint("we_c", topics: ["*"], enabled: false), Self.endpoint("we_d", topics: ["*"], project: "other"),
        ]
        #expect(DeliveryRules.deliveries(for: event.route, endpoints: endpoints, ids: Self.ids, now: 9).map(\.endpointID) == ["we_a"])
        event.webhookURL = "https://me.example/hook"
        let both = DeliveryRules.deliveries(for: event.route, endpoints: endpoints, ids: Self.ids, now: 9)
        #expect(both.map(\.url) == ["https://we_a.example/hook", "https://me.example/hook"] && both.allSatisfy { $0.nextAttemptAt == 9 && $0.status == .pending })
    }

    @Test func failuresAreTriedAgainForAboutADayThenFail() {
        let delays = (1...9).map { RetrySchedule.delay(afterAttempt: $0, jitter: 0.5) }
        #expect(delays.map { $0.map { $0 / 1000 } } == [5, 30, 120, 600, 1800, 3600, 10800, 21600, 43200])
        #expect(RetrySchedule.delay(afterAttempt: 10, jitter: 0.5) == nil)
        #expect(RetrySchedule.delay(afterAttempt: 1, jitter: 0) == 4000 && RetrySchedule.delay(afterAttempt: 1, jitter: 1) == 6000, "±20 % jitter")

        var delivery = Delivery(id: "dlv_1", eventID: "evt_1", projectID: "p", endpointID: "we_a", url: "u", nextAttemptAt: 0, createdAt: 0)
        let failed = DeliveryAttempt(at: 1000, endpointID: "we_a", url: "u", statusCode: 500, durationMillis: 3, error: nil)
        for attempt in 1...9 {
            (delivery, _) = DeliveryRules.after(failed, delivery: delivery, endpoint: nil, jitter: 0.5)
            #expect(delivery.status == .pending && delivery.attempts == attempt)
        }
        (delivery, _) = DeliveryRules.after(failed, delivery: delivery, endpoint: nil, jitter: 0.5)
        #expect(delivery.status == .failed && delivery.attempts == 10)
        let ok = DeliveryAttempt(at: 2000, endpointID: nil, url: "u", statusCode: 204, durationMillis: 3, error: nil)
        #expect(DeliveryRules.after(ok, delivery: Delivery(id: "d", eventID: "e", projectID: "p", endpointID: nil, url: "u", nextAttemptAt: 0, createdAt: 0), endpoint: nil, jitter: 0).0.status == .succeeded)
    }

    @Test func anEndpointFailingForThreeDaysIsTurnedOffAndASuccessForgivesIt() {
        let delivery = Delivery(id: "dlv_1", eventID: "evt_1", projectID: "p", endpointID: "we_a", url: "u", nextAttemptAt: 0, createdAt: 0)
        var endpoint = Self.endpoint("we_a", topics: ["*"])
        let day: Int64 = 24 * 3600 * 1000
        (_, endpoint) = { let r = DeliveryRules.after(DeliveryAttempt(at: day, endpointID: "we_a", url: "u", statusCode: nil, durationMillis: 1, error: "refused"), delivery: delivery, endpoint: endpoint, jitter: 0); return (r.0, r.1!) }()
        #expect(endpoint.failingSince == day && endpoint.enabled)
        let later = DeliveryRules.after(DeliveryAttempt(at: 4 * day, endpointID: "we_a", url: "u", statusCode: 500, durationMillis: 1, error: nil), delivery: delivery, endpoint: endpoint, jitter: 0).1!
        #expect(!later.enabled && later.disabledReason?.contains("3 days") == true)
        let forgiven = DeliveryRules.after(DeliveryAttempt(at: 2 * day, endpointID: "we_a", url: "u", statusCode: 200, durationMillis: 1, error: nil), delivery: delivery, endpoint: endpoint, jitter: 0).1!
        #expect(forgiven.failingSince == nil && forgiven.enabled)
        #expect(EndpointChanges(enabled: true).applied(to: later, now: 9).disabledReason == nil)
    }
}
