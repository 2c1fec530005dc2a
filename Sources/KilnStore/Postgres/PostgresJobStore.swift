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

    /// Channels the store announces on; payloads are job ids for cancels, `announcement(of:)` for jobs.
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

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs `body` in a transaction; an error thrown by `body` comes out as itself.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError { throw cause }
            throw error
        }
    }

    static func project(named name: String, connection: PostgresConnection, ids: IDSource, now: Int64, logger: Logger) async throws -> String {
        let id = ids.make(.project)
        try await connection.query("INSERT INTO projects (id, name, created_at) VALUES (\(id), \(name), \(now)) ON CONFLICT (name) DO NOTHING", logger: logger)
        let rows = try await connection.query("SELECT id FROM projects WHERE name = \(name)", logger: logger).collect()
        return try rows[0].decode(String.self)
    }

    // MARK: Creating

    public func createRun(_ run: Run, idempotency: IdempotencyRecord?) async throws -> CreateJobOutcome {
        guard let idempotency else {
            // One statement (so one round trip and one implicit transaction) writes the run, its
            // steps and the announcement, which is delivered when it commits.
            try await client.query(Self.insert(run, ids: ids), logger: logger)
            return .created
        }
        let (logger, ids) = (self.logger, self.ids)
        return try await transaction { connection in
            // The row lock makes a second request with the same key wait for the first.
            try await connection.query("""
                INSERT INTO idempotency_keys (project_id, key, request_hash, response_body, created_at)
                VALUES (\(run.projectID), \(idempotency.key), '', '', 0) ON CONFLICT DO NOTHING
                """, logger: logger)
            let existing = try await connection.query("""
                SELECT request_hash, response_body, created_at FROM idempotency_keys
                WHERE project_id = \(run.projectID) AND key = \(idempotency.key) FOR UPDATE
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
                WHERE project_id = \(run.projectID) AND key = \(idempotency.key)
                """, logger: logger)
            try await connection.query(Self.insert(run, ids: ids), logger: logger)
            return .created
        }
    }

    // MARK: Reading

    public func job(id: String, projectID: String) async throws -> Run? {
        guard let row = try await rows(
            "SELECT \(unescaped: RunRecords.runColumns) FROM \(unescaped: RunRecords.jobsWithRuns) WHERE j.id = \(id) AND j.project_id = \(projectID)"
        ).first else { return nil }
        var run = try PostgresRows.run(row)
        run.steps = RunRecords.linkingLegacySteps(
            try await rows("SELECT \(unescaped: RunRecords.taskColumns) FROM tasks WHERE run_id = \(id) ORDER BY id").map(PostgresRows.step)
        )
        return run
    }

    public func run(id: String, projectID: String?) async throws -> Run? {
        let logger = self.logger
        return try await client.withConnection { connection in
            try await Self.loadRun(id: id, projectID: projectID, lock: false, connection: connection, logger: logger)
        }
    }

    /// The run and its steps; with `lock`, the run's row stays locked until the transaction ends.
    static func loadRun(id: String, projectID: String?, lock: Bool, connection: PostgresConnection, logger: Logger) async throws -> Run? {
        let locking = lock ? " FOR UPDATE OF r" : ""
        guard let row = try await connection.query(
            "SELECT \(unescaped: RunRecords.runColumns) FROM \(unescaped: RunRecords.runsWithJobs) WHERE r.id = \(id)\(unescaped: locking)", logger: logger
        ).collect().first else { return nil }
        var run = try PostgresRows.run(row)
        if let projectID, run.projectID != projectID { return nil }
        run.steps = RunRecords.linkingLegacySteps(try await connection.query(
            "SELECT \(unescaped: RunRecords.taskColumns) FROM tasks WHERE run_id = \(id) ORDER BY id", logger: logger
        ).collect().map(PostgresRows.step))
        return run
    }

    public func listJobs(projectID: String, filter: JobFilter, page: PageRequest) async throws -> Page<Run> {
        try await listPage(
            from: RunRecords.jobsWithRuns, columns: RunRecords.runColumns, idColumn: "j.id", where: ListFilters.jobs(projectID: projectID, filter),
            page: page, row: PostgresRows.run
        )
    }

    public func task(id: String, projectID: String) async throws -> Step? {
        try await rows("SELECT \(unescaped: RunRecords.taskColumns) FROM tasks WHERE id = \(id) AND project_id = \(projectID)")
            .first.map(PostgresRows.step)
    }

    public func listTasks(projectID: String, filter: TaskFilter, page: PageRequest) async throws -> Page<Step> {
        try await listPage(
            from: "tasks", columns: RunRecords.taskColumns, idColumn: "id", where: ListFilters.tasks(projectID: projectID, filter), page: page,
            row: PostgresRows.step
        )
    }

    private func listPage<Item: Sendable>(
        from table: String, columns: String, idColumn: String, where equal: [ListFilters.Equality], page: PageRequest,
        row decode: (PostgresRow) throws -> Item
    ) async throws -> Page<Item> {
        var statement = PostgresStatement()
        var conditions = equal.map { "\($0.column) = \(statement.bind($0.value))" }
        let cursor = SQLCursor(page, column: idColumn)
        for (condition, argument) in zip(cursor.conditions, cursor.arguments) {
            conditions.append(condition.replacingOccurrences(of: "?", with: statement.bind(argument)))
        }
        let limit = statement.bind(page.limit + 1)
        let sql = "SELECT \(columns) FROM \(table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(idColumn) \(cursor.direction) LIMIT \(limit)"
        return cursor.page(try await rows(statement.query(sql)).map(decode), limit: page.limit)
    }

    public func listEvents(projectID: String, filter: EventFilter, page: PageRequest) async throws -> Page<Event> {
        let page = try await listPage(
            from: "events", columns: RunRecords.eventColumns, idColumn: "id", where: ListFilters.events(projectID: projectID, filter), page: page,
            row: PostgresRows.event
        )
        return try await CreationEvents.resolve(page) { try await run(id: $0, projectID: projectID) }
    }

    public func event(id: String, projectID: String) async throws -> Event? {
        let event = try await rows("SELECT \(unescaped: RunRecords.eventColumns) FROM events WHERE id = \(id) AND project_id = \(projectID)")
            .first.map(PostgresRows.event)
        guard let event else { return nil }
        return try await CreationEvents.resolve([event]) { try await run(id: $0, projectID: projectID) }.first
    }

    // MARK: Running

    public func claimNext(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int, lightOnly: Bool) async throws -> ClaimResult {
        let (logger, ids) = (self.logger, self.ids)
        var statement = PostgresStatement()
        // Rows another worker is claiming right now are skipped, not waited for (it announces the
        // run again when steps are left to claim).
        let placeholder = statement.bind(now)
        let candidate = statement.query(RunRecords.claimCandidate(now: placeholder, lightOnly: lightOnly) + " FOR UPDATE SKIP LOCKED")
        return try await transaction { connection in
            var result = ClaimResult()
            while true {
                guard let row = try await connection.query(candidate, logger: logger).collect().first,
                    let run = try await Self.loadRun(id: try row.decode(String.self), projectID: nil, lock: false, connection: connection, logger: logger),
                    let outcome = ClaimResult.attempt(run, worker: workerID, now: now, leaseMillis: leaseMillis, maximumAttempts: maximumAttempts)
                else { return result }
                try await Self.save(from: run, to: outcome.run, ids: ids, connection: connection, logger: logger)
                if result.add(outcome) { return result }
            }
        }
    }

    @discardableResult
    public func transition(runID: String, projectID: String?, _ change: @escaping @Sendable (Run) throws(LifecycleRefusal) -> Run) async throws -> Run {
        let (logger, ids) = (self.logger, self.ids)
        return try await transaction { connection in
            guard let run = try await Self.loadRun(id: runID, projectID: projectID, lock: true, connection: connection, logger: logger) else {
                throw StoreError.runNotFound
            }
            let next = try change(run)
            try await Self.save(from: run, to: next, ids: ids, connection: connection, logger: logger)
            return next
        }
    }

    public func processingRunIDs() async throws -> [String] {
        try await rows("SELECT id FROM runs WHERE status = 'processing'").map { try $0.decode(String.self) }
    }

    public func queueSummary(now: Int64) async throws -> QueueSummary {
        let logger = self.logger
        var statement = PostgresStatement()
        let placeholder = statement.bind(now)
        let running = statement.query(QueueSummary.runningClaimable(now: placeholder))
        return try await client.withConnection { connection in
            let queued = try await connection.query(PostgresQuery(unsafeSQL: QueueSummary.queuedRuns), logger: logger).collect().first
            let (count, oldest): (Int64, Int64?) = try queued.map { try $0.decode((Int64, Int64?).self) } ?? (0, nil)
            var runs: [Run] = []
            for row in try await connection.query(running, logger: logger).collect() {
                if let run = try await Self.loadRun(id: try row.decode(String.self), projectID: nil, lock: false, connection: connection, logger: logger) {
                    runs.append(run)
                }
            }
            return QueueSummary(queued: Int(count), oldestQueued: oldest, running: runs, now: now)
        }
    }

    /// The run, its steps, its creation events and the announcement of its work, as one statement.
    private static func insert(_ run: Run, ids: IDSource) -> PostgresQuery {
        PostgresRows.insert(
            run, events: RunEvents.created(run, ids: ids, now: run.createdAt), notify: jobsChannel, payload: announcement(of: NewWork(run))
        )
    }

    /// Writes what a transition changed, and announces what other nodes act on when it commits:
    /// steps left to claim wake the workers, a run that ended with steps running stops their workers.
    private static func save(from old: Run, to new: Run, ids: IDSource, connection: PostgresConnection, logger: Logger) async throws {
        guard old != new else { return }
        try await connection.query(PostgresRows.update(new), logger: logger)
        for step in RunRecords.changedSteps(from: old, to: new) {
            try await connection.query(PostgresRows.update(step), logger: logger)
        }
        let added = RunRecords.addedSteps(from: old, to: new)
        if !added.isEmpty { try await connection.query(PostgresRows.insert(Array(added)), logger: logger) }
        let events = RunEvents.changes(from: old, to: new, ids: ids, now: new.updatedAt)
        if !events.isEmpty { try await connection.query(PostgresRows.insert(events), logger: logger) }
        if StepAnnouncements.stepsBecameClaimable(from: old, to: new) {
            try await connection.query("SELECT pg_notify(\(Self.jobsChannel), \(Self.announcement(of: NewWork(new))))", logger: logger)
        }
        if StepAnnouncements.runningStepsStop(from: old, to: new) {
            try await connection.query("SELECT pg_notify(\(Self.cancelsChannel), \(new.id))", logger: logger)
        }
    }
}
