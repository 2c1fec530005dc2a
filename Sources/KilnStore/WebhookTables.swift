/// Webhook endpoints and the deliveries of events to them (and to `webhook_url`s), with every
/// attempt. An event is `dispatched` once its deliveries exist. The same statements for both
/// stores but for the integer type.
enum WebhookTables {
    static func statements(integer: String) -> [String] {
        [
            "ALTER TABLE runs ADD COLUMN webhook_url TEXT",
            "ALTER TABLE events ADD COLUMN webhook_url TEXT",
            "ALTER TABLE events ADD COLUMN dispatched INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX events_pending ON events(id) WHERE dispatched = 0",
            """
            CREATE TABLE webhook_endpoints (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                url TEXT NOT NULL,
                topics TEXT NOT NULL,
                description TEXT,
                enabled INTEGER NOT NULL,
                sealed_secret TEXT NOT NULL,
                previous_sealed_secret TEXT,
                previous_valid_until \(integer),
                disabled_reason TEXT,
                failing_since \(integer),
                created_at \(integer) NOT NULL,
                updated_at \(integer) NOT NULL
            )
            """,
            "CREATE INDEX webhook_endpoints_project ON webhook_endpoints(project_id, id)",
            """
            CREATE TABLE deliveries (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL,
                project_id TEXT NOT NULL,
                endpoint_id TEXT,
                url TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at \(integer) NOT NULL,
                lease_until \(integer) NOT NULL DEFAULT 0,
                created_at \(integer) NOT NULL
            )
            """,
            "CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending'",
            "CREATE INDEX deliveries_event ON deliveries(event_id)",
            """
            CREATE TABLE delivery_attempts (
                delivery_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                endpoint_id TEXT,
                url TEXT NOT NULL,
                at \(integer) NOT NULL,
                status_code INTEGER,
                duration_ms \(integer) NOT NULL,
                error TEXT
            )
            """,
            "CREATE INDEX delivery_attempts_event ON delivery_attempts(event_id, at)",
            "CREATE TABLE project_webhook_secrets (project_id TEXT PRIMARY KEY, sealed_secret TEXT NOT NULL)",
        ]
    }

    static let sqliteStatements = statements(integer: "INTEGER")
    static let postgresStatements = statements(integer: "BIGINT")
}
