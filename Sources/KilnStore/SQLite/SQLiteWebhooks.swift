import GRDB
import KilnCore

extension SQLiteJobStore {
    // MARK: Webhook endpoints

    public func createEndpoint(_ endpoint: WebhookEndpoint, sealedSecret: String) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO webhook_endpoints (id, project_id, url, topics, description, enabled, sealed_secret, disabled_reason, failing_since, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    endpoint.id, endpoint.projectID, endpoint.url, RunRecords.topics(endpoint), endpoint.description, endpoint.enabled ? 1 : 0,
                    sealedSecret, endpoint.disabledReason, endpoint.failingSince, endpoint.createdAt, endpoint.updatedAt,
                ])
        }
    }

    public func endpoints(projectID: String) async throws -> [WebhookEndpoint] {
        try readNow { db in
            try Row.fetchAll(db, sql: "SELECT \(RunRecords.endpointColumns) FROM webhook_endpoints WHERE project_id = ? ORDER BY id", arguments: [projectID])
                .map(RunRecords.endpoint)
        }
    }

    public func endpoint(id: String, projectID: String) async throws -> WebhookEndpoint? {
        try readNow { db in
            try Row.fetchOne(db, sql: "SELECT \(RunRecords.endpointColumns) FROM webhook_endpoints WHERE id = ? AND project_id = ?", arguments: [id, projectID])
                .map(RunRecords.endpoint)
        }
    }

    public func updateEndpoint(_ endpoint: WebhookEndpoint) async throws {
        try await pool.write { db in try Self.update(endpoint, db: db) }
    }

    static func update(_ endpoint: WebhookEndpoint, db: Database) throws {
        try db.execute(sql: """
            UPDATE webhook_endpoints SET url = ?, topics = ?, description = ?, enabled = ?, disabled_reason = ?, failing_since = ?, updated_at = ?
            WHERE id = ?
            """, arguments: [
                endpoint.url, RunRecords.topics(endpoint), endpoint.description, endpoint.enabled ? 1 : 0, endpoint.disabledReason,
                endpoint.failingSince, endpoint.updatedAt, endpoint.id,
            ])
    }

    public func rotateEndpointSecret(id: String, projectID: String, sealedSecret: String, previousValidUntil: Int64, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE webhook_endpoints SET previous_sealed_secret = sealed_secret, previous_valid_until = ?, sealed_secret = ?, updated_at = ?
                WHERE id = ? AND project_id = ?
                """, arguments: [previousValidUntil, sealedSecret, now, id, projectID])
            return db.changesCount > 0
        }
    }

    public func deleteEndpoint(id: String, projectID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM webhook_endpoints WHERE id = ? AND project_id = ?", arguments: [id, projectID])
            return db.changesCount > 0
        }
    }

    public func endpointSecrets(id: String, now: Int64) async throws -> [String] {
        try readNow { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT sealed_secret, previous_sealed_secret, previous_valid_until FROM webhook_endpoints WHERE id = ?", arguments: [id]
            ) else { return [] }
            return WebhookEndpoint.signingSecrets(current: row[0], previous: row[1], previousValidUntil: row[2], now: now)
        }
    }

    public func projectWebhookSecret(projectID: String) async throws -> String? {
        try readNow { db in try String.fetchOne(db, sql: "SELECT sealed_secret FROM project_webhook_secrets WHERE project_id = ?", arguments: [projectID]) }
    }

    public func setProjectWebhookSecret(projectID: String, sealedSecret: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO project_webhook_secrets (project_id, sealed_secret) VALUES (?, ?)", arguments: [projectID, sealedSecret])
        }
    }

    // MARK: Deliveries

    public func dispatchEvents(limit: Int, now: Int64) async throws -> Int {
        // A read first: an idle deliverer never takes the write lock from the creates.
        guard try readNow({ db in try Bool.fetchOne(db, sql: "SELECT 1 FROM events WHERE dispatched = 0 LIMIT 1") ?? false }) else { return 0 }
        return try await pool.write { [ids] db in
            let events = try Row.fetchAll(
                db, sql: "SELECT \(RunRecords.eventRouteColumns) FROM events WHERE dispatched = 0 ORDER BY id LIMIT ?", arguments: [limit]
            ).map(RunRecords.eventRoute)
            guard !events.isEmpty else { return 0 }
            var endpoints: [String: [WebhookEndpoint]] = [:]
            let insert = try db.cachedStatement(sql: "INSERT INTO deliveries (\(RunRecords.deliveryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for event in events {
                if endpoints[event.projectID] == nil {
                    endpoints[event.projectID] = try Row.fetchAll(
                        db, sql: "SELECT \(RunRecords.endpointColumns) FROM webhook_endpoints WHERE project_id = ? AND enabled = 1", arguments: [event.projectID]
                    ).map(RunRecords.endpoint)
                }
                for delivery in DeliveryRules.deliveries(for: event, endpoints: endpoints[event.projectID] ?? [], ids: ids, now: now) {
                    try insert.execute(arguments: Self.arguments(RunRecords.deliveryValues(delivery)))
                }
            }
            let marks = Array(repeating: "?", count: events.count).joined(separator: ", ")
            try db.execute(sql: "UPDATE events SET dispatched = 1 WHERE id IN (\(marks))", arguments: StatementArguments(events.map(\.id)))
            return events.count
        }
    }

    public func claimDeliveries(now: Int64, limit: Int, leaseMillis: Int64) async throws -> [Delivery] {
        let due = try readNow { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ? LIMIT 1", arguments: [now, now]) ?? false
        }
        guard due else { return [] }
        return try await pool.write { db in
            let due = try Row.fetchAll(db, sql: """
                SELECT \(RunRecords.deliveryColumns) FROM deliveries
                WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?
                """, arguments: [now, now, limit]).map(RunRecords.delivery)
            for delivery in due {
                try db.execute(sql: "UPDATE deliveries SET lease_until = ? WHERE id = ?", arguments: [now + leaseMillis, delivery.id])
            }
            return due
        }
    }

    public func finishAttempt(_ attempt: DeliveryAttempt, delivery: Delivery, endpoint: WebhookEndpoint?) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO delivery_attempts (\(RunRecords.attemptColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: Self.arguments(RunRecords.attemptValues(attempt, delivery: delivery))
            )
            try db.execute(
                sql: "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, lease_until = 0 WHERE id = ?",
                arguments: [delivery.status.rawValue, delivery.attempts, delivery.nextAttemptAt, delivery.id]
            )
            if let endpoint { try Self.update(endpoint, db: db) }
        }
    }

    public func attempts(eventID: String) async throws -> [DeliveryAttempt] {
        try readNow { db in
            try Row.fetchAll(db, sql: "SELECT \(RunRecords.attemptColumns) FROM delivery_attempts WHERE event_id = ? ORDER BY at", arguments: [eventID])
                .map(RunRecords.attempt)
        }
    }

    public func releaseDeliveryLeases() async throws {
        try await pool.write { db in try db.execute(sql: "UPDATE deliveries SET lease_until = 0 WHERE status = 'pending' AND lease_until > 0") }
    }

    public func redeliver(eventID: String, projectID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE events SET dispatched = 0 WHERE id = ? AND project_id = ?", arguments: [eventID, projectID])
            return db.changesCount > 0
        }
    }
}
