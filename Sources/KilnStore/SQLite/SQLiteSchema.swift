import GRDB

/// The SQLite schema, as GRDB migrations: each runs once, in order.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE projects (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    project_id TEXT NOT NULL REFERENCES projects(id),
                    name TEXT,
                    secret_hash TEXT NOT NULL UNIQUE,
                    hint TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
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
                    created_at INTEGER NOT NULL,
                    started_at INTEGER,
                    finished_at INTEGER,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX jobs_project ON jobs(project_id, id);
                CREATE INDEX jobs_project_status ON jobs(project_id, status, id);
                CREATE INDEX jobs_project_kind ON jobs(project_id, kind, id);
                CREATE INDEX jobs_project_input ON jobs(project_id, input, id);
                CREATE TABLE tasks (
                    id TEXT PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    job_id TEXT,
                    kind TEXT NOT NULL,
                    input TEXT NOT NULL,
                    options TEXT NOT NULL,
                    output TEXT NOT NULL,
                    status TEXT NOT NULL,
                    progress REAL,
                    error TEXT,
                    created_by TEXT,
                    created_at INTEGER NOT NULL,
                    started_at INTEGER,
                    finished_at INTEGER,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX tasks_job ON tasks(job_id, id);
                CREATE INDEX tasks_project ON tasks(project_id, id);
                CREATE TABLE idempotency_keys (
                    project_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    response_body TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (project_id, key)
                );
                """)
        }
        migrator.registerMigration("v2-leases") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
                ALTER TABLE jobs ADD COLUMN lease_expires_at INTEGER;
                ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX jobs_runnable ON jobs(status, id) WHERE status IN ('queued', 'processing');
                """)
        }
        migrator.registerMigration("v3-standalone-tasks") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN standalone INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE tasks ADD COLUMN standalone INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX tasks_project_status ON tasks(project_id, status, id);
                CREATE INDEX tasks_project_kind ON tasks(project_id, kind, id);
                """)
        }
        migrator.registerMigration("v4-connections") { db in
            try db.execute(sql: """
                CREATE TABLE connections (
                    id TEXT PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    endpoint TEXT NOT NULL,
                    region TEXT NOT NULL,
                    access_key_id TEXT NOT NULL,
                    sealed_secret TEXT NOT NULL,
                    is_default INTEGER NOT NULL,
                    force_path_style INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX connections_project ON connections(project_id, id);
                """)
        }
        migrator.registerMigration("v5-runs") { db in
            try db.execute(sql: UpgradeToRuns.sqliteStatements.joined(separator: ";\n"))
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.id, t.kind, t.options, j.options FROM tasks t LEFT JOIN jobs j ON j.id = t.job_id
                """)
            for row in rows {
                let (id, kind, own, job): (String, String, String, String?) = (row[0], row[1], row[2], row[3])
                guard let canonical = UpgradeToRuns.canonicalOptions(kind: kind, taskOptions: own, jobOptions: job) else { continue }
                try db.execute(sql: "UPDATE tasks SET options = ? WHERE id = ?", arguments: [canonical, id])
            }
        }
        migrator.registerMigration("v6-events") { db in
            try db.execute(sql: EventTables.sqliteStatements.joined(separator: ";\n"))
        }
        migrator.registerMigration("v7-webhooks") { db in
            try db.execute(sql: WebhookTables.sqliteStatements.joined(separator: ";\n"))
        }
        migrator.registerMigration("v8-step-scheduling") { db in
            try db.execute(sql: StepSchedulingTables.sqliteStatements.joined(separator: ";\n"))
        }
        return migrator
    }
}
