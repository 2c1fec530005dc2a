import KilnCore
import Logging
import PostgresNIO

extension PostgresJobStore {
    // MARK: Webhook endpoints

    public func createEndpoint(_ endpoint: WebhookEndpoint, sealedSecret: String) async throws {
        try await client.query("""
            INSERT INTO webhook_endpoints (id, project_id, url, topics, description, enabled, sealed_secret, disabled_reason, failing_since, created_at, updated_at)
            VALUES (\(endpoint.id), \(endpoint.projectID), \(endpoint.url), \(RunRecords.topics(endpoint)), \(endpoint.description),
                \(endpoint.enabled ? 1 : 0), \(sealedSecret), \(endpoint.disabledReason), \(endpoint.failingSince), \(endpoint.createdAt), \(endpoint.updatedAt))
            """, logger: logger)
    }

    public func endpoints(projectID: String) async throws -> [WebhookEndpoint] {
        try await rows("SELECT \(unescaped: RunRecords.endpointColumns) FROM webhook_endpoints WHERE project_id = \(projectID) ORDER BY id")
            .map(PostgresRows.endpoint)
    }

    public func endpoint(id: String, projectID: String) async throws -> WebhookEndpoint? {
        try await rows("SELECT \(unescaped: RunRecords.endpointColumns) FROM webhook_endpoints WHERE id = \(id) AND project_id = \(projectID)")
            .first.map(PostgresRows.endpoint)
    }

    public func updateEndpoint(_ endpoint: WebhookEndpoint) async throws {
        try await client.query(Self.update(endpoint), logger: logger)
    }

    static func update(_ endpoint: WebhookEndpoint) -> PostgresQuery {
        """
        UPDATE webhook_endpoints SET url = \(endpoint.url), topics = \(RunRecords.topics(endpoint)), description = \(endpoint.description),
            enabled = \(endpoint.enabled ? 1 : 0), disabled_reason = \(endpoint.disabledReason), failing_since = \(endpoint.failingSince),
            updated_at = \(endpoint.updatedAt)
        WHERE id = \(endpoint.id)
        """
    }

    public func rotateEndpointSecret(id: String, projectID: String, sealedSecret: String, previousValidUntil: Int64, now: Int64) async throws -> Bool {
        try await !rows("""
            UPDATE webhook_endpoints SET previous_sealed_secret = sealed_secret, previous_valid_until = \(previousValidUntil),
                sealed_secret = \(sealedSecret), updated_at = \(now)
            WHERE id = \(id) AND project_id = \(projectID) RETURNING id
            """).isEmpty
    }

    public func deleteEndpoint(id: String, projectID: String) async throws -> Bool {
        try await !rows("DELETE FROM webhook_endpoints WHERE id = \(id) AND project_id = \(projectID) RETURNING id").isEmpty
    }

    public func endpointSecrets(id: String, now: Int64) async throws -> [String] {
        guard let row = try await rows(
            "SELECT sealed_secret, previous_sealed_secret, previous_valid_until FROM webhook_endpoints WHERE id = \(id)"
        ).first else { return [] }
        let (current, previous, validUntil) = try row.decode((String, String?, Int64?).self)
        return WebhookEndpoint.signingSecrets(current: current, previous: previous, previousValidUntil: validUntil, now: now)
    }

    public func projectWebhookSecret(projectID: String) async throws -> String? {
        try await rows("SELECT sealed_secret FROM project_webhook_secrets WHERE project_id = \(projectID)").first.map { try $0.decode(String.self) }
    }

    public func setProjectWebhookSecret(projectID: String, sealedSecret: String) async throws {
        try await client.query("""
            INSERT INTO project_webhook_secrets (project_id, sealed_secret) VALUES (\(projectID), \(sealedSecret))
            ON CONFLICT (project_id) DO UPDATE SET sealed_secret = EXCLUDED.sealed_secret
            """, logger: logger)
    }

    // MARK: Deliveries

    public func dispatchEvents(limit: Int, now: Int64) async throws -> Int {
        let (logger, ids) = (self.logger, self.ids)
        return try await transaction { connection in
            // Another node dispatching at the same time takes other events.
            let events = try await connection.query("""
                SELECT \(unescaped: RunRecords.eventRouteColumns) FROM events WHERE dispatched = 0 ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().map(PostgresRows.eventRoute)
            var endpoints: [String: [WebhookEndpoint]] = [:]
            for event in events {
                if endpoints[event.projectID] == nil {
                    endpoints[event.projectID] = try await connection.query(
                        "SELECT \(unescaped: RunRecords.endpointColumns) FROM webhook_endpoints WHERE project_id = \(event.projectID) AND enabled = 1",
                        logger: logger
                    ).collect().map(PostgresRows.endpoint)
                }
                for delivery in DeliveryRules.deliveries(for: event, endpoints: endpoints[event.projectID] ?? [], ids: ids, now: now) {
                    var statement = PostgresStatement()
                    let values = statement.values(RunRecords.deliveryValues(delivery))
                    try await connection.query(statement.query("INSERT INTO deliveries (\(RunRecords.deliveryColumns)) VALUES \(values)"), logger: logger)
                }
                try await connection.query("UPDATE events SET dispatched = 1 WHERE id = \(event.id)", logger: logger)
            }
            return events.count
        }
    }

    public func claimDeliveries(now: Int64, limit: Int, leaseMillis: Int64) async throws -> [Delivery] {
        try await rows("""
            UPDATE deliveries SET lease_until = \(now + leaseMillis)
            WHERE id IN (
                SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= \(now) AND lease_until <= \(now)
                ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            )
            RETURNING \(unescaped: RunRecords.deliveryColumns)
            """).map(PostgresRows.delivery)
    }

    public func finishAttempt(_ attempt: DeliveryAttempt, delivery: Delivery, endpoint: WebhookEndpoint?) async throws {
        let logger = self.logger
        try await transaction { connection in
            var statement = PostgresStatement()
            let values = statement.values(RunRecords.attemptValues(attempt, delivery: delivery))
            try await connection.query(statement.query("INSERT INTO delivery_attempts (\(RunRecords.attemptColumns)) VALUES \(values)"), logger: logger)
            try await connection.query("""
                UPDATE deliveries SET status = \(delivery.status.rawValue), attempts = \(delivery.attempts), next_attempt_at = \(delivery.nextAttemptAt),
                    lease_until = 0
                WHERE id = \(delivery.id)
                """, logger: logger)
            if let endpoint { try await connection.query(Self.update(endpoint), logger: logger) }
        }
    }

    public func attempts(eventID: String) async throws -> [DeliveryAttempt] {
        try await rows("SELECT \(unescaped: RunRecords.attemptColumns) FROM delivery_attempts WHERE event_id = \(eventID) ORDER BY at")
            .map(PostgresRows.attempt)
    }

    public func releaseDeliveryLeases() async throws {
        try await client.query("UPDATE deliveries SET lease_until = 0 WHERE status = 'pending' AND lease_until > 0", logger: logger)
    }

    public func redeliver(eventID: String, projectID: String) async throws -> Bool {
        try await !rows("UPDATE events SET dispatched = 0 WHERE id = \(eventID) AND project_id = \(projectID) RETURNING id").isEmpty
    }
}
