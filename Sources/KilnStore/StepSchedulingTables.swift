/// The upgrade to step-level scheduling: each step has its dependencies, its own lease and
/// attempts, and a workflow step its ref and destination; a run has when a step may next be
/// claimed (`claimable_at`, derived by `Lifecycle`) and its workflow outputs; a job its workflow
/// as sent. Existing runs are linear chains: their steps keep `after_ids` NULL, which reads as
/// "after the step before" (`RunRecords.linkingLegacySteps`). The same statements for both stores
/// but for the integer type.
enum StepSchedulingTables {
    static func statements(integer: String) -> [String] {
        [
            "ALTER TABLE tasks ADD COLUMN ref TEXT",
            "ALTER TABLE tasks ADD COLUMN after_ids TEXT",
            "ALTER TABLE tasks ADD COLUMN destination TEXT",
            "ALTER TABLE tasks ADD COLUMN lease_owner TEXT",
            "ALTER TABLE tasks ADD COLUMN lease_expires_at \(integer)",
            "ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE runs ADD COLUMN claimable_at \(integer)",
            "ALTER TABLE runs ADD COLUMN outputs TEXT",
            "ALTER TABLE jobs ADD COLUMN workflow TEXT",
            // A run's lease becomes the lease of the steps it was running; its attempts, theirs.
            """
            UPDATE tasks SET
                lease_owner = (SELECT r.lease_owner FROM runs r WHERE r.id = tasks.run_id AND r.status = 'processing'),
                lease_expires_at = (SELECT r.lease_expires_at FROM runs r WHERE r.id = tasks.run_id AND r.status = 'processing'),
                attempts = (SELECT r.attempts FROM runs r WHERE r.id = tasks.run_id)
            WHERE status IN ('queued', 'processing', 'finishing')
            """,
            "UPDATE runs SET claimable_at = 0 WHERE status = 'queued'",
            "UPDATE runs SET claimable_at = COALESCE(lease_expires_at, 0) + 1 WHERE status = 'processing'",
            "CREATE INDEX runs_claimable ON runs(claimable_at, created_at, id) WHERE claimable_at IS NOT NULL",
        ]
    }

    static let sqliteStatements = statements(integer: "INTEGER")
    static let postgresStatements = statements(integer: "BIGINT")
}
