/// The event outbox: every event a run's creation or transition causes, written in the same
/// transaction (`RunEvents`). The same statements for both stores but for the integer type.
enum EventTables {
    static func statements(integer: String) -> [String] {
        [
            """
            CREATE TABLE events (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                job_id TEXT,
                task_id TEXT,
                data TEXT NOT NULL,
                created_at \(integer) NOT NULL
            )
            """,
            "CREATE INDEX events_project ON events(project_id, id)",
            "CREATE INDEX events_project_kind ON events(project_id, kind, id)",
            "CREATE INDEX events_job ON events(job_id, id)",
            "CREATE INDEX events_task ON events(task_id, id)",
        ]
    }

    static let sqliteStatements = statements(integer: "INTEGER")
    static let postgresStatements = statements(integer: "BIGINT")
}
