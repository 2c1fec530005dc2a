import Foundation
import KilnCore
import Logging
import PostgresNIO

/// The store for many machines: API nodes and workers share one PostgreSQL database. Claims use
/// `FOR UPDATE SKIP LOCKED`, so workers never wait on each other; a created job and a cancel are
/// announced with `NOTIFY` (see `PostgresEvents`). Run `run()` for as long as it is used.
public final class PostgresJobStore: JobStore {
    let client: PostgresClient
    let ids: IDSource
    let logger: Logger
    let url: PostgresURL

    /// Channels the store announces on; payloads are job ids for cancels.
    static let jobsChannel = "kiln_jobs"
    static let cancelsChannel = "kiln_cancels"

    public init(url: String, ids: IDSource = .live(), logger: Logger = Logger(label: "kiln.postgres")) throws {
        self.url = try PostgresURL(url)
        client = PostgresClient(configuration: self.url.client, backgroundLogger: logger)
        self.ids = ids
        self.logger = logger
    }

    /// Runs the connection pool until cancelled.
    public func run() async {
        await client.run()
    }

    /// Connects once, so a wrong address or password is reported as such at start (the pool
    /// would keep retrying behind a generic error).
    public func checkConnection() async throws {
        let connection = try await PostgresConnection.connect(configuration: try url.connection(), id: 0, logger: logger)
        try await connection.close()
    }

    /// Brings the schema up to date; safe when many nodes start at once.
    public func migrate() async throws {
        try await PostgresSchema.migrate(client, logger: logger)
    }

    // MARK: Helpers

    private func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs `body` in a transaction; an error thrown by `body` comes out as itself.
    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError { throw cause }
            throw error
        }
    }

    private static func project(named name: String, connection: PostgresConnection, ids: IDSource, now: Int64, logger: Logger) async throws -> String {
        let id = ids.make(.project)
        try await connection.query("INSERT INTO projects (id, name, created_at) VALUES (\(id), \(name), \(now)) ON CONFLICT (name) DO NOTHING", logger: logger)
        let rows = try await connection.query("SELECT id FROM projects WHERE name = \(name)", logger: logger).collect()
        return try rows[0].decode(String.self)
    }

    // MARK: Keys

    public func ensureAPIKey(secret: String, projectName: String, now: Int64) async throws {
        let hash = APIKeySecret.hash(secret)
        let (ids, logger) = (self.ids, self.logger)
        try await transaction { connection in
            let projectID = try await Self.project(named: projectName, connection: connection, ids: ids, now: now, logger: logger)
            try await connection.query("""
                INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at)
                VALUES (\(ids.make(.key)), \(projectID), 'KILN_API_KEY', \(hash), \(APIKeySecret.hint(secret)), \(now))
                ON CONFLICT (secret_hash) DO UPDATE SET revoked_at = NULL, project_id = EXCLUDED.project_id
                """, logger: logger)
        }
    }

    public func createAPIKey(projectName: String, name: String?, now: Int64) async throws -> CreatedAPIKey {
        let secret = APIKeySecret.generate()
        let keyID = ids.make(.key)
        let (ids, logger) = (self.ids, self.logger)
        let projectID = try await transaction { connection in
            let projectID = try await Self.project(named: projectName, connection: connection, ids: ids, now: now, logger: logger)
            try await connection.query("""
                INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at)
                VALUES (\(keyID), \(projectID), \(name), \(APIKeySecret.hash(secret)), \(APIKeySecret.hint(secret)), \(now))
                """, logger: logger)
            return projectID
        }
        return CreatedAPIKey(id: keyID, projectID: projectID, projectName: projectName, name: name, secret: secret, now: now)
    }

    public func listAPIKeys() async throws -> [APIKeyInfo] {
        try await rows("""
            SELECT k.id, k.project_id, p.name, k.name, k.hint, k.created_at, k.revoked_at
            FROM api_keys k JOIN projects p ON p.id = k.project_id ORDER BY k.id
            """).map { row in
            let (id, projectID, projectName, name, hint, createdAt, revokedAt) = try row.decode((String, String, String, String?, String, Int64, Int64?).self)
            return APIKeyInfo(id: id, projectID: projectID, projectName: projectName, name: name, hint: hint, createdAt: createdAt, revokedAt: revokedAt)
        }
    }

    public func revokeAPIKey(id: String, now: Int64) async throws -> Bool {
        try await !rows("UPDATE api_keys SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING id").isEmpty
    }

    public func activeAPIKeyCount() async throws -> Int {
        try await rows("SELECT COUNT(*)::BIGINT FROM api_keys WHERE revoked_at IS NULL")[0].decode(Int.self)
    }

    public func authenticate(secret: String) async throws -> Principal? {
        let hash = APIKeySecret.hash(secret)
        guard let row = try await rows("SELECT id, project_id FROM api_keys WHERE secret_hash = \(hash) AND revoked_at IS NULL").first else { return nil }
        let (keyID, projectID) = try row.decode((String, String).self)
        return Principal(projectID: projectID, keyID: keyID)
    }

    // MARK: Jobs

    public func createJob(_ job: Job, idempotency: IdempotencyRecord?) async throws -> CreateJobOutcome {
        guard let idempotency else {
            // One statement (so one round trip and one implicit transaction) writes the job, its
            // tasks and the announcement, which is delivered when it commits.
            try await client.query(PostgresRows.insertJobWithTasks(job, notify: Self.jobsChannel), logger: logger)
            return .created
        }
        let logger = self.logger
        return try await transaction { connection in
            // The row lock makes a second request with the same key wait for the first.
            try await connection.query("""
                INSERT INTO idempotency_keys (project_id, key, request_hash, response_body, created_at)
                VALUES (\(job.projectID), \(idempotency.key), '', '', 0) ON CONFLICT DO NOTHING
                """, logger: logger)
            let existing = try await connection.query("""
                SELECT request_hash, response_body, created_at FROM idempotency_keys
                WHERE project_id = \(job.projectID) AND key = \(idempotency.key) FOR UPDATE
                """, logger: logger).collect()
            if let row = existing.first {
                let (hash, body, createdAt) = try row.decode((String, String, Int64).self)
                if idempotency.now - createdAt < IdempotencyRecord.lifetimeMillis {
                    guard hash == idempotency.requestHash else { throw StoreError.idempotencyKeyReused }
                    return .replayed(responseBody: body)
                }
            }
            try await connection.query("""
                UPDATE idempotency_keys SET request_hash = \(idempotency.requestHash), response_body = \(idempotency.responseBody),
                    created_at = \(idempotency.now)
                WHERE project_id = \(job.projectID) AND key = \(idempotency.key)
                """, logger: logger)
            try await connection.query(PostgresRows.insertJobWithTasks(job, notify: Self.jobsChannel), logger: logger)
            return .created
        }
    }

    public func job(id: String, projectID: String) async throws -> Job? {
        guard let row = try await rows(
            "SELECT \(unescaped: PostgresRows.jobColumns) FROM jobs WHERE id = \(id) AND project_id = \(projectID) AND NOT standalone"
        ).first else { return nil }
        var job = try PostgresRows.job(row)
        job.tasks = try await tasks(ofJob: id)
        return job
    }

    private func tasks(ofJob id: String) async throws -> [MediaTask] {
        try await rows("SELECT \(unescaped: PostgresRows.taskColumns) FROM tasks WHERE job_id = \(id) ORDER BY id").map(PostgresRows.task)
    }

    public func listJobs(projectID: String, filter: JobFilter, page: PageRequest) async throws -> Page<Job> {
        var statement = PostgresStatement()
        var conditions = ["project_id = \(statement.bind(projectID))", "NOT standalone"]
        if let kind = filter.kind { conditions.append("kind = \(statement.bind(kind.rawValue))") }
        if let status = filter.status { conditions.append("status = \(statement.bind(status.rawValue))") }
        if let input = filter.input { conditions.append("input = \(statement.bind(input))") }
        return try await listPage(from: "jobs", columns: PostgresRows.jobColumns, conditions: conditions, statement: statement, page: page, row: PostgresRows.job)
    }

    private func listPage<Item: Sendable>(
        from table: String, columns: String, conditions: [String], statement: PostgresStatement, page: PageRequest,
        row decode: (PostgresRow) throws -> Item
    ) async throws -> Page<Item> {
        var statement = statement
        var conditions = conditions
        let cursor = SQLCursor(page)
        for (condition, argument) in zip(cursor.conditions, cursor.arguments) {
            conditions.append(condition.replacingOccurrences(of: "?", with: statement.bind(argument)))
        }
        let limit = statement.bind(page.limit + 1)
        let sql = "SELECT \(columns) FROM \(table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY id \(cursor.direction) LIMIT \(limit)"
        return cursor.page(try await rows(statement.query(sql)).map(decode), limit: page.limit)
    }

    // MARK: Running jobs

    public func claimNextJob(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int) async throws -> Job? {
        let logger = self.logger
        return try await transaction { connection in
            while true {
                // Rows another worker is claiming right now are skipped, not waited for.
                guard let row = try await connection.query("""
                    SELECT \(unescaped: PostgresRows.jobColumns), attempts FROM jobs
                    WHERE status = 'queued' OR (status = 'processing' AND lease_expires_at < \(now))
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, logger: logger).collect().first else { return nil }
                var job = try PostgresRows.job(row)
                let attempts = try row.makeRandomAccess()[16].decode(Int.self)
                if attempts >= maximumAttempts {
                    let error = RunError("worker_lost", "the job was interrupted \(attempts) times (its worker stopped while running it); it will not be retried")
                    try await Self.finish(connection, jobID: job.id, status: .failed, output: nil, error: error, now: now, logger: logger)
                    continue
                }
                try await connection.query("""
                    UPDATE jobs SET status = 'processing', lease_owner = \(workerID), lease_expires_at = \(now + leaseMillis),
                        attempts = attempts + 1, started_at = COALESCE(started_at, \(now)), updated_at = \(now), error = NULL, output = NULL
                    WHERE id = \(job.id)
                    """, logger: logger)
                try await connection.query("""
                    UPDATE tasks SET status = 'waiting', progress = NULL, input = 'null', output = 'null', error = NULL,
                        started_at = NULL, finished_at = NULL, updated_at = \(now)
                    WHERE job_id = \(job.id) AND status != 'waiting'
                    """, logger: logger)
                job.status = .processing
                job.startedAt = job.startedAt ?? now
                job.updatedAt = now
                job.output = nil
                job.error = nil
                job.tasks = try await connection.query(
                    "SELECT \(unescaped: PostgresRows.taskColumns) FROM tasks WHERE job_id = \(job.id) ORDER BY id", logger: logger
                ).collect().map(PostgresRows.task)
                return job
            }
        }
    }

    public func renewLease(jobID: String, workerID: String, leaseMillis: Int64, now: Int64) async throws -> Bool {
        try await !rows("""
            UPDATE jobs SET lease_expires_at = \(now + leaseMillis)
            WHERE id = \(jobID) AND lease_owner = \(workerID) AND status = 'processing' RETURNING id
            """).isEmpty
    }

    public func recordTask(_ task: MediaTask, workerID: String) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let held = try await connection.query("""
                UPDATE jobs SET updated_at = \(task.updatedAt)
                WHERE id = \(task.jobID) AND lease_owner = \(workerID) AND status = 'processing' RETURNING id
                """, logger: logger).collect()
            guard !held.isEmpty else { return false }
            try await connection.query(PostgresRows.updateTask(task), logger: logger)
            return true
        }
    }

    public func finishJob(
        id: String, workerID: String, status: JobStatus, output: String?, error: RunError?, finalTask: MediaTask?, now: Int64
    ) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let owner = try await connection.query(
                "SELECT lease_owner FROM jobs WHERE id = \(id) AND status = 'processing' FOR UPDATE", logger: logger
            ).collect().first.map { try $0.decode(String?.self) }
            guard owner == .some(workerID) else { return false }
            if let task = finalTask { try await connection.query(PostgresRows.updateTask(task), logger: logger) }
            try await Self.finish(connection, jobID: id, status: status, output: output, error: error, now: now, logger: logger)
            return true
        }
    }

    private static func finish(_ connection: PostgresConnection, jobID: String, status: JobStatus, output: String?, error: RunError?, now: Int64, logger: Logger) async throws {
        try await connection.query("""
            UPDATE jobs SET status = \(status.rawValue), output = \(output), error = \(error?.json.serialized()), finished_at = \(now),
                updated_at = \(now), lease_owner = NULL, lease_expires_at = NULL
            WHERE id = \(jobID)
            """, logger: logger)
        let cancelled = RunError("cancelled", status == .failed ? "an earlier task of this job failed" : "cancelled by request")
        try await connection.query("""
            UPDATE tasks SET status = 'cancelled', error = \(cancelled.json.serialized()), finished_at = \(now), updated_at = \(now), progress = NULL
            WHERE job_id = \(jobID) AND status NOT IN ('succeeded', 'failed', 'cancelled')
            """, logger: logger)
    }

    public func releaseJob(id: String, workerID: String, now: Int64) async throws {
        let logger = self.logger
        try await transaction { connection in
            let released = try await connection.query("""
                UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = GREATEST(attempts - 1, 0), updated_at = \(now)
                WHERE id = \(id) AND lease_owner = \(workerID) AND status = 'processing' RETURNING id
                """, logger: logger).collect()
            guard !released.isEmpty else { return }
            try await connection.query("""
                UPDATE tasks SET status = 'waiting', progress = NULL, input = 'null', output = 'null', error = NULL,
                    started_at = NULL, finished_at = NULL, updated_at = \(now)
                WHERE job_id = \(id)
                """, logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.jobsChannel), '')", logger: logger)
        }
    }

    public func expireAllLeases(now: Int64) async throws {
        try await client.query("UPDATE jobs SET lease_expires_at = \(now - 1) WHERE status = 'processing'", logger: logger)
    }

    // MARK: Tasks and cancelling

    public func task(id: String, projectID: String) async throws -> MediaTask? {
        try await rows("SELECT \(unescaped: PostgresRows.taskColumns) FROM tasks WHERE id = \(id) AND project_id = \(projectID)")
            .first.map(PostgresRows.task)
    }

    public func listTasks(projectID: String, filter: TaskFilter, page: PageRequest) async throws -> Page<MediaTask> {
        var statement = PostgresStatement()
        var conditions = ["project_id = \(statement.bind(projectID))"]
        if let status = filter.status { conditions.append("status = \(statement.bind(status.rawValue))") }
        if let kind = filter.kind { conditions.append("kind = \(statement.bind(kind.rawValue))") }
        if let jobID = filter.jobID { conditions.append("job_id = \(statement.bind(jobID)) AND NOT standalone") }
        if let createdBy = filter.createdBy { conditions.append("created_by = \(statement.bind(createdBy))") }
        return try await listPage(from: "tasks", columns: PostgresRows.taskColumns, conditions: conditions, statement: statement, page: page, row: PostgresRows.task)
    }

    public func cancelJob(id: String, projectID: String, now: Int64) async throws -> CancelOutcome {
        let logger = self.logger
        return try await transaction { connection in
            guard let row = try await connection.query(
                "SELECT status FROM jobs WHERE id = \(id) AND project_id = \(projectID) FOR UPDATE", logger: logger
            ).collect().first else { return .notFound }
            let status = JobStatus(rawValue: try row.decode(String.self)) ?? .queued
            switch status {
            case .cancelled: return .alreadyCancelled
            case .succeeded, .failed: return .notCancellable(status)
            case .queued, .processing:
                try await Self.finish(connection, jobID: id, status: .cancelled, output: nil, error: RunError("cancelled", "cancelled by request"), now: now, logger: logger)
                // The worker running it (on any node) hears this on commit and stops.
                if status == .processing { try await connection.query("SELECT pg_notify(\(Self.cancelsChannel), \(id))", logger: logger) }
                return .cancelled(wasRunning: status == .processing)
            }
        }
    }

    public func jobStatus(id: String) async throws -> JobStatus? {
        try await rows("SELECT status FROM jobs WHERE id = \(id)").first.flatMap { JobStatus(rawValue: try $0.decode(String.self)) }
    }

    // MARK: Connections

    public func createConnection(_ connection: Connection, sealedSecret: String) async throws {
        let logger = self.logger
        try await transaction { database in
            if connection.isDefault {
                try await database.query("UPDATE connections SET is_default = FALSE WHERE project_id = \(connection.projectID)", logger: logger)
            }
            try await database.query("""
                INSERT INTO connections (id, project_id, kind, name, endpoint, region, access_key_id, sealed_secret, is_default, force_path_style, created_at, updated_at)
                VALUES (\(connection.id), \(connection.projectID), \(connection.kind), \(connection.name), \(connection.endpoint), \(connection.region),
                    \(connection.accessKeyID), \(sealedSecret), \(connection.isDefault), \(connection.forcePathStyle), \(connection.createdAt), \(connection.updatedAt))
                """, logger: logger)
        }
    }

    public func connections(projectID: String) async throws -> [Connection] {
        try await rows("SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE project_id = \(projectID) ORDER BY id")
            .map(PostgresRows.connection)
    }

    public func connection(id: String, projectID: String) async throws -> Connection? {
        try await rows("SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE id = \(id) AND project_id = \(projectID)")
            .first.map(PostgresRows.connection)
    }

    public func updateConnection(id: String, projectID: String, changes: ConnectionChanges, sealedSecret: String?, now: Int64) async throws -> Connection? {
        let logger = self.logger
        return try await transaction { database in
            guard let row = try await database.query(
                "SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE id = \(id) AND project_id = \(projectID) FOR UPDATE",
                logger: logger
            ).collect().first else { return nil }
            let connection = try PostgresRows.connection(row).applying(changes, now: now)
            if changes.isDefault == true {
                try await database.query("UPDATE connections SET is_default = FALSE WHERE project_id = \(projectID)", logger: logger)
            }
            try await database.query("""
                UPDATE connections SET name = \(connection.name), endpoint = \(connection.endpoint), region = \(connection.region),
                    access_key_id = \(connection.accessKeyID), is_default = \(connection.isDefault), force_path_style = \(connection.forcePathStyle),
                    updated_at = \(now), sealed_secret = COALESCE(\(sealedSecret), sealed_secret)
                WHERE id = \(id)
                """, logger: logger)
            return connection
        }
    }

    public func deleteConnection(id: String, projectID: String) async throws -> Bool {
        try await !rows("DELETE FROM connections WHERE id = \(id) AND project_id = \(projectID) RETURNING id").isEmpty
    }

    public func defaultConnection(projectID: String) async throws -> Connection? {
        try await rows("SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE project_id = \(projectID) AND is_default")
            .first.map(PostgresRows.connection)
    }

    public func sealedSecret(connectionID: String) async throws -> String? {
        try await rows("SELECT sealed_secret FROM connections WHERE id = \(connectionID)").first.map { try $0.decode(String.self) }
    }
}
