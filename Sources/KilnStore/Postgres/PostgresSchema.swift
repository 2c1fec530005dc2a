import Logging
import PostgresNIO

/// The PostgreSQL schema as numbered migrations. They run at start inside one transaction that
/// holds an advisory lock, so nodes starting together apply each exactly once.
enum PostgresSchema {
    /// Any constant shared by every Kiln node: the key of the migration lock.
    static let migrationLock: Int64 = 0x4B494C4E  // "KILN"

    /// A migration: SQL statements, then optionally a step in Swift on the same transaction.
    struct Migration: Sendable {
        let name: String
        let statements: [String]
        var upgrade: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil
    }

    static let migrations: [Migration] = [
        Migration(name: "v1", statements: [
            """
            CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL REFERENCES projects(id),
                name TEXT,
                secret_hash TEXT NOT NULL UNIQUE,
                hint TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                input TEXT NOT NULL,
                output TEXT,
                options TEXT NOT NULL,
                metadata TEXT NOT NULL,
                destination TEXT,
                connection_id TEXT,
                status TEXT NOT NULL,
                error TEXT,
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                updated_at BIGINT NOT NULL,
                standalone BOOLEAN NOT NULL DEFAULT FALSE,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                attempts INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX jobs_project ON jobs(project_id, id)",
            "CREATE INDEX jobs_project_status ON jobs(project_id, status, id)",
            "CREATE INDEX jobs_project_kind ON jobs(project_id, kind, id)",
            "CREATE INDEX jobs_project_input ON jobs(project_id, input, id)",
            "CREATE INDEX jobs_runnable ON jobs(status, id) WHERE status IN ('queued', 'processing')",
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                job_id TEXT,
                kind TEXT NOT NULL,
                input TEXT NOT NULL,
                options TEXT NOT NULL,
                output TEXT NOT NULL,
                status TEXT NOT NULL,
                progress DOUBLE PRECISION,
                error TEXT,
                created_by TEXT,
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                updated_at BIGINT NOT NULL,
                standalone BOOLEAN NOT NULL DEFAULT FALSE
            )
            """,
            "CREATE INDEX tasks_job ON tasks(job_id, id)",
            "CREATE INDEX tasks_project ON tasks(project_id, id)",
            "CREATE INDEX tasks_project_status ON tasks(project_id, status, id)",
            "CREATE INDEX tasks_project_kind ON tasks(project_id, kind, id)",
            """
            CREATE TABLE idempotency_keys (
                project_id TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                response_body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, key)
            )
            """,
            """
            CREATE TABLE connections (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                endpoint TEXT NOT NULL,
                region TEXT NOT NULL,
                access_key_id TEXT NOT NULL,
                sealed_secret TEXT NOT NULL,
                is_default BOOLEAN NOT NULL,
                force_path_style BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX connections_project ON connections(project_id, id)",
        ]),
        Migration(name: "v2-runs", statements: UpgradeToRuns.postgresStatements, upgrade: { connection, logger in
            let rows = try await connection.query(
                "SELECT t.id, t.kind, t.options, j.options FROM tasks t LEFT JOIN jobs j ON j.id = t.job_id", logger: logger
            ).collect()
            for row in rows {
                let (id, kind, own, job) = try row.decode((String, String, String, String?).self)
                guard let canonical = UpgradeToRuns.canonicalOptions(kind: kind, taskOptions: own, jobOptions: job) else { continue }
                try await connection.query("UPDATE tasks SET options = \(canonical) WHERE id = \(id)", logger: logger)
            }
        }),
        Migration(name: "v3-events", statements: EventTables.postgresStatements),
        Migration(name: "v4-webhooks", statements: WebhookTables.postgresStatements),
        Migration(name: "v5-step-scheduling", statements: StepSchedulingTables.postgresStatements),
    ]

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS kiln_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM kiln_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await migration.upgrade?(connection, logger)
                try await connection.query("INSERT INTO kiln_migrations (name) VALUES (\(migration.name))", logger: logger)
                logger.info("database migration \(migration.name) applied")
            }
        }
    }
}
