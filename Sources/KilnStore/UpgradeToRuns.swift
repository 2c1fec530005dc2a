import KilnCore

/// The upgrade from the release whose standalone tasks ran as hidden carrier jobs (a06e9a7) to
/// runs: every job becomes a run plus its job fields, every carrier a run with its task's id;
/// tasks learn their run and get `metadata`; progress becomes whole numbers, and `null` on the
/// steps that report none; encode steps hold their options in canonical form.
enum UpgradeToRuns {
    /// The same statements for both stores (only the column types of the new tables differ).
    static func statements(text: String, integer: String) -> [String] {
        [
            """
            CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                input TEXT NOT NULL,
                destination TEXT,
                connection_id TEXT,
                status TEXT NOT NULL,
                output TEXT,
                error TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_expires_at \(integer),
                created_at \(integer) NOT NULL,
                started_at \(integer),
                finished_at \(integer),
                updated_at \(integer) NOT NULL
            )
            """,
            """
            INSERT INTO runs (id, project_id, input, destination, connection_id, status, output, error, attempts, lease_owner,
                lease_expires_at, created_at, started_at, finished_at, updated_at)
            SELECT CASE WHEN j.standalone = \(text == "TEXT" ? "1" : "TRUE") THEN t.id ELSE j.id END, j.project_id, j.input, j.destination,
                j.connection_id, j.status, j.output, j.error, j.attempts, j.lease_owner, j.lease_expires_at, j.created_at, j.started_at,
                j.finished_at, j.updated_at
            FROM jobs j LEFT JOIN tasks t ON t.job_id = j.id AND t.standalone = j.standalone AND j.standalone = \(text == "TEXT" ? "1" : "TRUE")
            """,
            "CREATE INDEX runs_runnable ON runs(status, created_at, id) WHERE status IN ('queued', 'processing')",
            "CREATE INDEX runs_project_input ON runs(project_id, input, id)",
            "ALTER TABLE tasks ADD COLUMN run_id TEXT",
            "ALTER TABLE tasks ADD COLUMN metadata TEXT",
            """
            UPDATE tasks SET run_id = CASE WHEN standalone = \(text == "TEXT" ? "1" : "TRUE") THEN id ELSE job_id END,
                job_id = CASE WHEN standalone = \(text == "TEXT" ? "1" : "TRUE") THEN NULL ELSE job_id END
            """,
            "UPDATE tasks SET progress = NULL WHERE kind IN ('probe', 'import', 'export')",
            "UPDATE tasks SET progress = ROUND(progress) WHERE progress IS NOT NULL",
            "CREATE INDEX tasks_run ON tasks(run_id, id)",
            "DELETE FROM jobs WHERE standalone = \(text == "TEXT" ? "1" : "TRUE")",
            "DROP INDEX jobs_project_status",
            "DROP INDEX jobs_project_input",
            "DROP INDEX jobs_runnable",
            "ALTER TABLE jobs DROP COLUMN input",
            "ALTER TABLE jobs DROP COLUMN output",
            "ALTER TABLE jobs DROP COLUMN destination",
            "ALTER TABLE jobs DROP COLUMN connection_id",
            "ALTER TABLE jobs DROP COLUMN status",
            "ALTER TABLE jobs DROP COLUMN error",
            "ALTER TABLE jobs DROP COLUMN started_at",
            "ALTER TABLE jobs DROP COLUMN finished_at",
            "ALTER TABLE jobs DROP COLUMN updated_at",
            "ALTER TABLE jobs DROP COLUMN lease_owner",
            "ALTER TABLE jobs DROP COLUMN lease_expires_at",
            "ALTER TABLE jobs DROP COLUMN attempts",
            "ALTER TABLE jobs DROP COLUMN standalone",
            "ALTER TABLE tasks DROP COLUMN standalone",
        ]
    }

    static let sqliteStatements = statements(text: "TEXT", integer: "INTEGER")
    static let postgresStatements = statements(text: "BOOLEAN", integer: "BIGINT")

    /// The canonical options of an encode step written before steps kept them: a job's step
    /// showed `{}` until it ran, so its job's options are the source. Nil leaves the row alone
    /// (not an encode step, or options this version cannot read, which then fail by name when run).
    static func canonicalOptions(kind: String, taskOptions: String, jobOptions: String?) -> String? {
        guard let entry = StepCatalog.builtIn[StepKind(kind)], entry.isJobKind else { return nil }
        let source = StoredJSON.object(jobOptions ?? taskOptions)
        guard let canonical = try? entry.validate(source) else { return nil }
        return JSONValue.object(canonical).serialized()
    }
}
