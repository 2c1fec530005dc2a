import Foundation
import GRDB
import KilnCore

/// The embedded default store: one SQLite file in WAL mode with `synchronous = FULL`, so an
/// acknowledged job survives a crash. Concurrent creates share a transaction (`GroupCommit`).
public final class SQLiteJobStore: JobStore {
    let pool: DatabasePool
    let ids: IDSource
    private let creates: GroupCommit<(Job, IdempotencyRecord?), CreateJobOutcome>

    public init(path: String, ids: IDSource = .live()) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
        self.pool = pool
        self.ids = ids
        self.creates = GroupCommit { batch in
            try await pool.write { db in
                batch.map { job, idempotency in
                    Result {
                        var outcome = CreateJobOutcome.created
                        try db.inSavepoint {
                            outcome = try Self.insert(job, idempotency: idempotency, db: db)
                            return .commit
                        }
                        return outcome
                    }
                }
            }
        }
    }

    // MARK: Keys

    public func ensureAPIKey(secret: String, projectName: String, now: Int64) async throws {
        let hash = APIKeySecret.hash(secret)
        let ids = self.ids
        try await pool.write { db in
            let projectID = try Self.project(named: projectName, db: db, ids: ids, now: now)
            if let row = try Row.fetchOne(db, sql: "SELECT project_id, revoked_at FROM api_keys WHERE secret_hash = ?", arguments: [hash]) {
                let revoked: Int64? = row["revoked_at"]
                let owner: String = row["project_id"]
                if revoked != nil || owner != projectID {
                    try db.execute(sql: "UPDATE api_keys SET revoked_at = NULL, project_id = ? WHERE secret_hash = ?", arguments: [projectID, hash])
                }
                return
            }
            try db.execute(
                sql: "INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [ids.make(.key), projectID, "KILN_API_KEY", hash, APIKeySecret.hint(secret), now]
            )
        }
    }

    public func createAPIKey(projectName: String, name: String?, now: Int64) async throws -> CreatedAPIKey {
        let secret = APIKeySecret.generate()
        let keyID = ids.make(.key)
        let ids = self.ids
        let projectID = try await pool.write { db in
            let projectID = try Self.project(named: projectName, db: db, ids: ids, now: now)
            try db.execute(
                sql: "INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [keyID, projectID, name, APIKeySecret.hash(secret), APIKeySecret.hint(secret), now]
            )
            return projectID
        }
        return CreatedAPIKey(id: keyID, projectID: projectID, projectName: projectName, name: name, secret: secret, now: now)
    }

    public func listAPIKeys() async throws -> [APIKeyInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.id, k.project_id, p.name AS project_name, k.name, k.hint, k.created_at, k.revoked_at
                FROM api_keys k JOIN projects p ON p.id = k.project_id ORDER BY k.id
                """).map { row in
                APIKeyInfo(
                    id: row["id"], projectID: row["project_id"], projectName: row["project_name"], name: row["name"],
                    hint: row["hint"], createdAt: row["created_at"], revokedAt: row["revoked_at"]
                )
            }
        }
    }

    public func revokeAPIKey(id: String, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            return db.changesCount > 0
        }
    }

    public func activeAPIKeyCount() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL") ?? 0
        }
    }

    // Reads run synchronously on the calling thread: a WAL read of a few rows takes microseconds,
    // far less than hopping to GRDB's reader queue and back.

    public func authenticate(secret: String) async throws -> Principal? {
        let hash = APIKeySecret.hash(secret)
        return try readNow { db in
            let statement = try db.cachedStatement(sql: "SELECT id, project_id FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL")
            guard let row = try Row.fetchOne(statement, arguments: [hash]) else { return nil }
            return Principal(projectID: row["project_id"], keyID: row["id"])
        }
    }

    private static func project(named name: String, db: Database, ids: IDSource, now: Int64) throws -> String {
        if let id = try String.fetchOne(db, sql: "SELECT id FROM projects WHERE name = ?", arguments: [name]) {
            return id
        }
        let id = ids.make(.project)
        try db.execute(sql: "INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)", arguments: [id, name, now])
        return id
    }

    // MARK: Jobs

    /// The synchronous read (see above); a plain function so the async overload is not chosen.
    private func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    public func createJob(_ job: Job, idempotency: IdempotencyRecord?) async throws -> CreateJobOutcome {
        try await creates.submit((job, idempotency))
    }

    private static func insert(_ job: Job, idempotency: IdempotencyRecord?, db: Database) throws -> CreateJobOutcome {
        if let idempotency {
            let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT request_hash, response_body, created_at FROM idempotency_keys WHERE project_id = ? AND key = ?"),
                arguments: [job.projectID, idempotency.key]
            )
            if let existing, idempotency.now - (existing["created_at"] as Int64) < IdempotencyRecord.lifetimeMillis {
                guard existing["request_hash"] as String == idempotency.requestHash else { throw StoreError.idempotencyKeyReused }
                return .replayed(responseBody: existing["response_body"])
            }
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO idempotency_keys (project_id, key, request_hash, response_body, created_at)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [job.projectID, idempotency.key, idempotency.requestHash, idempotency.responseBody, idempotency.now])
        }
        try db.cachedStatement(sql: SQLiteRows.insertJob).execute(arguments: SQLiteRows.jobArguments(job))
        let insertTask = try db.cachedStatement(sql: SQLiteRows.insertTask)
        for task in job.tasks {
            try insertTask.execute(arguments: SQLiteRows.taskArguments(task))
        }
        return .created
    }

    public func job(id: String, projectID: String) async throws -> Job? {
        try readNow { db in
            let jobStatement = try db.cachedStatement(sql: "SELECT \(SQLiteRows.jobColumns) FROM jobs WHERE id = ? AND project_id = ? AND standalone = 0")
            guard let row = try Row.fetchOne(jobStatement, arguments: [id, projectID]) else { return nil }
            var job = SQLiteRows.job(row)
            let taskStatement = try db.cachedStatement(sql: "SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE job_id = ? ORDER BY id")
            job.tasks = try Row.fetchAll(taskStatement, arguments: [id]).map(SQLiteRows.task)
            return job
        }
    }

    public func listJobs(projectID: String, filter: JobFilter, page: PageRequest) async throws -> Page<Job> {
        var conditions = ["project_id = ?", "standalone = 0"]
        var arguments: [String] = [projectID]
        if let kind = filter.kind { conditions.append("kind = ?"); arguments.append(kind.rawValue) }
        if let status = filter.status { conditions.append("status = ?"); arguments.append(status.rawValue) }
        if let input = filter.input { conditions.append("input = ?"); arguments.append(input) }
        return try listPage(from: "jobs", columns: SQLiteRows.jobColumns, conditions: conditions, arguments: arguments, page: page, row: SQLiteRows.job)
    }

    /// One cursor page of `table` where every condition holds.
    private func listPage<Item: Sendable>(
        from table: String, columns: String, conditions: [String], arguments: [String], page: PageRequest,
        row decode: @escaping @Sendable (Row) -> Item
    ) throws -> Page<Item> {
        let cursor = SQLCursor(page)
        let sql = "SELECT \(columns) FROM \(table) WHERE \((conditions + cursor.conditions).joined(separator: " AND ")) ORDER BY id \(cursor.direction) LIMIT ?"
        var statementArguments = StatementArguments(arguments + cursor.arguments)
        statementArguments += [page.limit + 1]
        let rows = try readNow { [statementArguments] db in try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(decode) }
        return cursor.page(rows, limit: page.limit)
    }

    // MARK: Running jobs

    public func claimNextJob(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int) async throws -> Job? {
        try await pool.write { db in
            while true {
                let statement = try db.cachedStatement(sql: """
                    SELECT \(SQLiteRows.jobColumns), attempts FROM jobs
                    WHERE status = 'queued' OR (status = 'processing' AND lease_expires_at < ?)
                    ORDER BY id LIMIT 1
                    """)
                guard let row = try Row.fetchOne(statement, arguments: [now]) else { return nil }
                var job = SQLiteRows.job(row)
                let attempts: Int = row[16]
                if attempts >= maximumAttempts {
                    let error = RunError("worker_lost", "the job was interrupted \(attempts) times (its worker stopped while running it); it will not be retried")
                    try Self.finish(db: db, jobID: job.id, status: .failed, output: nil, error: error, now: now)
                    continue
                }
                try db.execute(sql: """
                    UPDATE jobs SET status = 'processing', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1,
                        started_at = COALESCE(started_at, ?), updated_at = ?, error = NULL, output = NULL
                    WHERE id = ?
                    """, arguments: [workerID, now + leaseMillis, now, now, job.id])
                try db.execute(sql: """
                    UPDATE tasks SET status = 'waiting', progress = NULL, input = 'null', output = 'null', error = NULL,
                        started_at = NULL, finished_at = NULL, updated_at = ?
                    WHERE job_id = ? AND status != 'waiting'
                    """, arguments: [now, job.id])
                job.status = .processing
                job.startedAt = job.startedAt ?? now
                job.updatedAt = now
                job.output = nil
                job.error = nil
                job.tasks = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE job_id = ? ORDER BY id"),
                    arguments: [job.id]
                ).map(SQLiteRows.task)
                return job
            }
        }
    }

    public func renewLease(jobID: String, workerID: String, leaseMillis: Int64, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND status = 'processing'",
                arguments: [now + leaseMillis, jobID, workerID]
            )
            return db.changesCount > 0
        }
    }

    public func recordTask(_ task: MediaTask, workerID: String) async throws -> Bool {
        try await pool.write { db in
            try db.cachedStatement(sql: """
                UPDATE tasks SET input = ?, output = ?, status = ?, progress = ?, error = ?, started_at = ?, finished_at = ?, updated_at = ?
                WHERE id = ? AND job_id IN (SELECT id FROM jobs WHERE id = ? AND lease_owner = ? AND status = 'processing')
                """).execute(arguments: [
                    task.input.serialized(), task.output.serialized(), task.status.rawValue, task.progress,
                    task.error?.json.serialized(), task.startedAt, task.finishedAt, task.updatedAt,
                    task.id, task.jobID, workerID,
                ])
            guard db.changesCount > 0 else { return false }
            try db.cachedStatement(sql: "UPDATE jobs SET updated_at = ? WHERE id = ?").execute(arguments: [task.updatedAt, task.jobID])
            return true
        }
    }

    public func finishJob(
        id: String, workerID: String, status: JobStatus, output: String?, error: RunError?, finalTask: MediaTask?, now: Int64
    ) async throws -> Bool {
        try await pool.write { db in
            let owner = try String.fetchOne(db, sql: "SELECT lease_owner FROM jobs WHERE id = ? AND status = 'processing'", arguments: [id])
            guard owner == workerID else { return false }
            if let task = finalTask { try Self.updateTask(task, db: db) }
            try Self.finish(db: db, jobID: id, status: status, output: output, error: error, now: now)
            return true
        }
    }

    private static func updateTask(_ task: MediaTask, db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE tasks SET input = ?, output = ?, status = ?, progress = ?, error = ?, started_at = ?, finished_at = ?, updated_at = ?
            WHERE id = ?
            """).execute(arguments: [
                task.input.serialized(), task.output.serialized(), task.status.rawValue, task.progress,
                task.error?.json.serialized(), task.startedAt, task.finishedAt, task.updatedAt, task.id,
            ])
    }

    private static func finish(db: Database, jobID: String, status: JobStatus, output: String?, error: RunError?, now: Int64) throws {
        try db.execute(sql: """
            UPDATE jobs SET status = ?, output = ?, error = ?, finished_at = ?, updated_at = ?, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = ?
            """, arguments: [status.rawValue, output, error?.json.serialized(), now, now, jobID])
        let cancelled = RunError("cancelled", status == .failed ? "an earlier task of this job failed" : "cancelled by request")
        try db.execute(sql: """
            UPDATE tasks SET status = 'cancelled', error = ?, finished_at = ?, updated_at = ?, progress = NULL
            WHERE job_id = ? AND status NOT IN ('succeeded', 'failed', 'cancelled')
            """, arguments: [cancelled.json.serialized(), now, now, jobID])
    }

    public func releaseJob(id: String, workerID: String, now: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = MAX(attempts - 1, 0), updated_at = ?
                WHERE id = ? AND lease_owner = ? AND status = 'processing'
                """, arguments: [now, id, workerID])
            guard db.changesCount > 0 else { return }
            try db.execute(sql: """
                UPDATE tasks SET status = 'waiting', progress = NULL, input = 'null', output = 'null', error = NULL,
                    started_at = NULL, finished_at = NULL, updated_at = ?
                WHERE job_id = ?
                """, arguments: [now, id])
        }
    }

    public func expireAllLeases(now: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE jobs SET lease_expires_at = ? WHERE status = 'processing'", arguments: [now - 1])
        }
    }

    // MARK: Tasks and cancelling

    public func task(id: String, projectID: String) async throws -> MediaTask? {
        try readNow { db in
            let statement = try db.cachedStatement(sql: "SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE id = ? AND project_id = ?")
            return try Row.fetchOne(statement, arguments: [id, projectID]).map(SQLiteRows.task)
        }
    }

    public func listTasks(projectID: String, filter: TaskFilter, page: PageRequest) async throws -> Page<MediaTask> {
        var conditions = ["project_id = ?"]
        var arguments: [String] = [projectID]
        if let status = filter.status { conditions.append("status = ?"); arguments.append(status.rawValue) }
        if let kind = filter.kind { conditions.append("kind = ?"); arguments.append(kind.rawValue) }
        if let jobID = filter.jobID { conditions.append("job_id = ? AND standalone = 0"); arguments.append(jobID) }
        if let createdBy = filter.createdBy { conditions.append("created_by = ?"); arguments.append(createdBy) }
        return try listPage(from: "tasks", columns: SQLiteRows.taskColumns, conditions: conditions, arguments: arguments, page: page, row: SQLiteRows.task)
    }

    public func cancelJob(id: String, projectID: String, now: Int64) async throws -> CancelOutcome {
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: "SELECT \(SQLiteRows.jobColumns) FROM jobs WHERE id = ? AND project_id = ?")
            guard let row = try Row.fetchOne(statement, arguments: [id, projectID]) else { return .notFound }
            let job = SQLiteRows.job(row)
            switch job.status {
            case .cancelled: return .alreadyCancelled
            case .succeeded, .failed: return .notCancellable(job.status)
            case .queued, .processing:
                try Self.finish(db: db, jobID: id, status: .cancelled, output: nil, error: RunError("cancelled", "cancelled by request"), now: now)
                return .cancelled(wasRunning: job.status == .processing)
            }
        }
    }

    public func jobStatus(id: String) async throws -> JobStatus? {
        try readNow { db in
            try String.fetchOne(db, sql: "SELECT status FROM jobs WHERE id = ?", arguments: [id]).flatMap(JobStatus.init(rawValue:))
        }
    }

    // MARK: Connections

    private static let connectionColumns = "id, project_id, kind, name, endpoint, region, access_key_id, is_default, force_path_style, created_at, updated_at"

    private static func connection(_ row: Row) -> Connection {
        Connection(
            id: row[0], projectID: row[1], kind: row[2], name: row[3], endpoint: row[4], region: row[5],
            accessKeyID: row[6], isDefault: row[7], forcePathStyle: row[8], createdAt: row[9], updatedAt: row[10]
        )
    }

    public func createConnection(_ connection: Connection, sealedSecret: String) async throws {
        try await pool.write { db in
            if connection.isDefault {
                try db.execute(sql: "UPDATE connections SET is_default = 0 WHERE project_id = ?", arguments: [connection.projectID])
            }
            try db.execute(sql: """
                INSERT INTO connections (id, project_id, kind, name, endpoint, region, access_key_id, sealed_secret, is_default, force_path_style, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    connection.id, connection.projectID, connection.kind, connection.name, connection.endpoint, connection.region,
                    connection.accessKeyID, sealedSecret, connection.isDefault, connection.forcePathStyle, connection.createdAt, connection.updatedAt,
                ])
        }
    }

    public func connections(projectID: String) async throws -> [Connection] {
        try readNow { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE project_id = ? ORDER BY id", arguments: [projectID]).map(Self.connection)
        }
    }

    public func connection(id: String, projectID: String) async throws -> Connection? {
        try readNow { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE id = ? AND project_id = ?", arguments: [id, projectID]).map(Self.connection)
        }
    }

    public func updateConnection(id: String, projectID: String, changes: ConnectionChanges, sealedSecret: String?, now: Int64) async throws -> Connection? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE id = ? AND project_id = ?", arguments: [id, projectID]) else {
                return nil
            }
            let connection = Self.connection(row).applying(changes, now: now)
            if changes.isDefault == true {
                try db.execute(sql: "UPDATE connections SET is_default = 0 WHERE project_id = ?", arguments: [projectID])
            }
            try db.execute(sql: """
                UPDATE connections SET name = ?, endpoint = ?, region = ?, access_key_id = ?, is_default = ?, force_path_style = ?, updated_at = ?,
                    sealed_secret = COALESCE(?, sealed_secret)
                WHERE id = ?
                """, arguments: [
                    connection.name, connection.endpoint, connection.region, connection.accessKeyID, connection.isDefault,
                    connection.forcePathStyle, now, sealedSecret, id,
                ])
            return connection
        }
    }

    public func deleteConnection(id: String, projectID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM connections WHERE id = ? AND project_id = ?", arguments: [id, projectID])
            return db.changesCount > 0
        }
    }

    public func defaultConnection(projectID: String) async throws -> Connection? {
        try readNow { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE project_id = ? AND is_default = 1", arguments: [projectID]).map(Self.connection)
        }
    }

    public func sealedSecret(connectionID: String) async throws -> String? {
        try readNow { db in try String.fetchOne(db, sql: "SELECT sealed_secret FROM connections WHERE id = ?", arguments: [connectionID]) }
    }
}
