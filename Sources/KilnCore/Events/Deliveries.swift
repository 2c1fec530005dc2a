/// A webhook endpoint: where a project's events go.
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var url: String
    public var topics: [String]
    public var description: String?
    public var enabled: Bool
    /// Why the endpoint was turned off by Kiln (every delivery failed for three days); nil otherwise.
    public var disabledReason: String?
    /// Since when every delivery has failed; nil after a success.
    public var failingSince: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, projectID: String, url: String, topics: [String], description: String?, enabled: Bool = true,
        disabledReason: String? = nil, failingSince: Int64? = nil, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.projectID = projectID
        self.url = url
        self.topics = topics
        self.description = description
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.failingSince = failingSince
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func json(secret: String? = nil) -> JSONValue {
        var fields: [JSONField] = [
            JSONField("id", .string(id)),
            JSONField("object", "webhook_endpoint"),
            JSONField("url", .string(url)),
            JSONField("topics", .array(topics.map(JSONValue.string))),
            JSONField("description", .optional(description)),
            JSONField("enabled", .bool(enabled)),
            JSONField("disabled_reason", .optional(disabledReason)),
            JSONField("created_at", .int(createdAt)),
            JSONField("updated_at", .int(updatedAt)),
        ]
        if let secret { fields.insert(JSONField("secret", .string(secret)), at: 4) }
        return .object(JSONObject(fields))
    }

    /// The secrets that sign now: the current one, then a rotated-out one until it runs out.
    public static func signingSecrets(current: String, previous: String?, previousValidUntil: Int64?, now: Int64) -> [String] {
        guard let previous, let until = previousValidUntil, until > now else { return [current] }
        return [current, previous]
    }

    /// Every delivery failed for this long: the endpoint is turned off.
    public static let disableAfterMillis: Int64 = 3 * 24 * 3600 * 1000
}

/// One try to deliver an event.
public struct DeliveryAttempt: Sendable, Equatable {
    public var at: Int64
    public var endpointID: String?
    public var url: String
    public var statusCode: Int?
    public var durationMillis: Int64
    public var error: String?

    public init(at: Int64, endpointID: String?, url: String, statusCode: Int?, durationMillis: Int64, error: String?) {
        self.at = at
        self.endpointID = endpointID
        self.url = url
        self.statusCode = statusCode
        self.durationMillis = durationMillis
        self.error = error
    }

    public var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }

    public func json() -> JSONValue {
        .object(JSONObject([
            JSONField("at", .int(at)),
            JSONField("endpoint_id", .optional(endpointID)),
            JSONField("url", .string(url)),
            JSONField("status_code", .optional(statusCode)),
            JSONField("duration_ms", .int(durationMillis)),
            JSONField("error", .optional(error)),
        ]))
    }
}

/// When a failed delivery is tried again: about a day in all, then it has `failed`.
public enum RetrySchedule {
    public static let delaysMillis: [Int64] = [5, 30, 120, 600, 1800, 3600, 10800, 21600, 43200].map { $0 * 1000 }

    /// The wait after failed attempt number `attempts` (1 for the first), with ±20 % jitter from
    /// `jitter` in 0...1; nil when no try is left.
    public static func delay(afterAttempt attempts: Int, jitter: Double) -> Int64? {
        guard attempts >= 1, attempts <= delaysMillis.count else { return nil }
        let base = Double(delaysMillis[attempts - 1])
        return Int64(base * (0.8 + 0.4 * min(max(jitter, 0), 1)))
    }
}

/// One event on its way to one place: an endpoint, or a run's `webhook_url`.
public struct Delivery: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case pending, succeeded, failed }

    public var id: String
    public var eventID: String
    public var projectID: String
    /// nil for a `webhook_url` delivery.
    public var endpointID: String?
    public var url: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var createdAt: Int64

    public init(
        id: String, eventID: String, projectID: String, endpointID: String?, url: String, status: Status = .pending, attempts: Int = 0,
        nextAttemptAt: Int64, createdAt: Int64
    ) {
        self.id = id
        self.eventID = eventID
        self.projectID = projectID
        self.endpointID = endpointID
        self.url = url
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }
}

/// Which deliveries an event gets, and what an attempt's outcome does to a delivery and its
/// endpoint: pure rules, the same for both stores and every node.
public enum DeliveryRules {
    /// One delivery per enabled endpoint of the project whose topics take the event, and one to
    /// the run's `webhook_url` for the event that ends it.
    public static func deliveries(for event: EventRoute, endpoints: [WebhookEndpoint], ids: IDSource, now: Int64) -> [Delivery] {
        var deliveries = endpoints
            .filter { $0.projectID == event.projectID && $0.enabled && EventTopics.matches($0.topics, kind: event.kind) }
            .map { Delivery(id: ids.make(.delivery), eventID: event.id, projectID: event.projectID, endpointID: $0.id, url: $0.url, nextAttemptAt: now, createdAt: now) }
        if let url = event.webhookURL {
            deliveries.append(Delivery(id: ids.make(.delivery), eventID: event.id, projectID: event.projectID, endpointID: nil, url: url, nextAttemptAt: now, createdAt: now))
        }
        return deliveries
    }

    /// The delivery and its endpoint after `attempt`: a 2xx ends it; otherwise it is tried again
    /// on `RetrySchedule` until no try is left, when it has `failed`. An endpoint that has failed
    /// every delivery for three days is turned off and says why.
    public static func after(
        _ attempt: DeliveryAttempt, delivery: Delivery, endpoint: WebhookEndpoint?, jitter: Double
    ) -> (Delivery, WebhookEndpoint?) {
        var delivery = delivery
        var endpoint = endpoint
        delivery.attempts += 1
        if attempt.succeeded {
            delivery.status = .succeeded
            endpoint?.failingSince = nil
        } else {
            if let delay = RetrySchedule.delay(afterAttempt: delivery.attempts, jitter: jitter) {
                delivery.nextAttemptAt = attempt.at + delay
            } else {
                delivery.status = .failed
            }
            if var failing = endpoint {
                let since = failing.failingSince ?? attempt.at
                failing.failingSince = since
                if failing.enabled, attempt.at - since >= WebhookEndpoint.disableAfterMillis {
                    failing.enabled = false
                    failing.disabledReason = "every delivery failed for 3 days (last: \(attempt.error ?? attempt.statusCode.map { "HTTP \($0)" } ?? "no answer")); PATCH enabled: true to turn it back on"
                    failing.updatedAt = attempt.at
                }
                endpoint = failing
            }
        }
        return (delivery, endpoint)
    }
}
