import Foundation
import GRDB
import KilnCore

/// The embedded default store: one SQLite file in WAL mode with `synchronous = FULL`, so an
/// acknowledged job survives a crash. Concurrent creates share a transaction (`GroupCommit`).
/// Transitions are read, decided by `Lifecycle` and written in one write transaction, which
/// SQLite serialises.
public final class SQLiteJobStore: JobStore {
    let pool: DatabasePool
    let ids: IDSource
    private let creates: GroupCommit<(Run, IdempotencyRecord?), CreateJobOutcome>

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
        self.creates = GroupCommit { [ids] batch in
            try await pool.write { db in
                batch.map { run, idempotency in
                    Result {
                        var outcome = CreateJobOutcome.created
                        try db.inSavepoint {
                            outcome = try Self.insert(run, idempotency: idempotency, ids: ids, db: db)
                            return .commit
                        }
                        return outcome
                    }
                }
            }
        }
    }

    // Reads run synchronously on the calling thread: a WAL read of a few rows takes microseconds,
    // far less than hopping to GRDB's reader queue and back.

    /// The synchronous read (see above); a plain function so the async overload is not chosen.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    // MARK: Creating

    public func createRun(_ run: Run, idempotency: IdempotencyRecord?) async throws -> CreateJobOutcome {
        try await creates.submit((run, idempotency))
    }

    private static func insert(_ run: Run, idempotency: IdempotencyRecord?, ids: IDSource, db: Database) throws -> CreateJobOutcome {
        if let idempotency {
            let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT request_hash, response_body, created_at FROM idempotency_keys WHERE project_id = ? AND key = ?"),
                arguments: [run.projectID, idempotency.key]
            )
            if let existing, idempotency.now - (existing["created_at"] as Int64) < IdempotencyRecord.lifetimeMillis {
                guard existing["request_hash"] as String == idempotency.requestHash else { throw StoreError.idempotencyKeyReused }
                return .replayed(responseBody: existing["response_body"])
            }
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO idempotency_keys (project_id, key, request_hash, response_body, created_at)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [run.projectID, idempotency.key, idempotency.requestHash, idempotency.responseBody, idempotency.now])
        }
        try db.cachedStatement(sql: Self.insertRun).execute(arguments: Self.arguments(RunRecords.runValues(run)))
        if let job = run.job {
            try db.cachedStatement(sql: Self.insertJob).execute(arguments: Self.arguments(RunRecords.jobValues(run, job)))
        }
        let insertTask = try db.cachedStatement(sql: Self.insertTask)
        for step in run.steps {
            try insertTask.execute(arguments: Self.arguments(RunRecords.taskValues(step)))
        }
        try insert(RunEvents.created(run, ids: ids, now: run.createdAt), db: db)
        return .created
    }

    // MARK: Reading

    public func job(id: String, projectID: String) async throws -> Run? {
        try readNow { db in
            let statement = try db.cachedStatement(sql: "SELECT \(RunRecords.runColumns) FROM \(RunRecords.jobsWithRuns) WHERE j.id = ? AND j.project_id = ?")
            return try Self.withSteps(Row.fetchOne(statement, arguments: [id, projectID]), db: db)
        }
    }

    public func run(id: String, projectID: String?) async throws -> Run? {
        try readNow { db in try Self.loadRun(id: id, projectID: projectID, db: db) }
    }

    static func loadRun(id: String, projectID: String?, db: Database) throws -> Run? {
        let statement = try db.cachedStatement(sql: "SELECT \(RunRecords.runColumns) FROM \(RunRecords.runsWithJobs) WHERE r.id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let run = try withSteps(row, db: db)
        if let projectID, run?.projectID != projectID { return nil }
        return run
    }

    private static func withSteps(_ row: Row?, db: Database) throws -> Run? {
        guard let row else { return nil }
        var run = try RunRecords.run(row)
        let statement = try db.cachedStatement(sql: "SELECT \(RunRecords.taskColumns) FROM tasks WHERE run_id = ? ORDER BY id")
        run.steps = RunRecords.linkingLegacySteps(try Row.fetchAll(statement, arguments: [run.id]).map(RunRecords.step))
        return run
    }

    public func listJobs(projectID: String, filter: JobFilter, page: PageRequest) async throws -> Page<Run> {
        try listPage(
            from: RunRecords.jobsWithRuns, columns: RunRecords.runColumns, idColumn: "j.id", where: ListFilters.jobs(projectID: projectID, filter),
            page: page, row: { try RunRecords.run($0) }
        )
    }

    public func task(id: String, projectID: String) async throws -> Step? {
        try readNow { db in
            let statement = try db.cachedStatement(sql: "SELECT \(RunRecords.taskColumns) FROM tasks WHERE id = ? AND project_id = ?")
            return try Row.fetchOne(statement, arguments: [id, projectID]).map(RunRecords.step)
        }
    }

    public func listTasks(projectID: String, filter: TaskFilter, page: PageRequest) async throws -> Page<Step> {
        try listPage(
            from: "tasks", columns: RunRecords.taskColumns, idColumn: "id", where: ListFilters.tasks(projectID: projectID, filter), page: page,
            row: { try RunRecords.step($0) }
        )
    }

    /// One cursor page of `table` where every equality holds.
    private func listPage<Item: Sendable>(
        from table: String, columns: String, idColumn: String, where equal: [ListFilters.Equality], page: PageRequest,
        row decode: @escaping @Sendable (Row) throws -> Item
    ) throws -> Page<Item> {
        let cursor = SQLCursor(page, column: idColumn)
        let conditions = equal.map { "\($0.column) = ?" } + cursor.conditions
        let sql = "SELECT \(columns) FROM \(table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(idColumn) \(cursor.direction) LIMIT ?"
        var statementArguments = StatementArguments(equal.map(\.value) + cursor.arguments)
        statementArguments += [page.limit + 1]
        let rows = try readNow { [statementArguments] db in try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(decode) }
        return cursor.page(rows, limit: page.limit)
    }

    public func listEvents(projectID: String, filter: EventFilter, page: PageRequest) async throws -> Page<Event> {
        let page = try listPage(
            from: "events", columns: RunRecords.eventColumns, idColumn: "id", where: ListFilters.events(projectID: projectID, filter), page: page,
            row: { try RunRecords.event($0) }
        )
        return try await CreationEvents.resolve(page) { try await run(id: $0, projectID: projectID) }
    }

    public func event(id: String, projectID: String) async throws -> Event? {
        let event = try readNow { db in
            let statement = try db.cachedStatement(sql: "SELECT \(RunRecords.eventColumns) FROM events WHERE id = ? AND project_id = ?")
            return try Row.fetchOne(statement, arguments: [id, projectID]).map(RunRecords.event)
        }
        guard let event else { return nil }
        return try await CreationEvents.resolve([event]) { try await run(id: $0, projectID: projectID) }.first
    }

    // MARK: Running

    public func claimNext(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int, lightOnly: Bool) async throws -> ClaimResult {
        let sql = RunRecords.claimCandidate(now: "?1", lightOnly: lightOnly)
        // A light claim looks first with a reader: most of its looks find nothing, and the one
        // writer is the creates' too. The run it found is the writer's first candidate, unless
        // another worker took it meanwhile (its `claimable_at` moved), so the query runs once.
        var found: String?
        if lightOnly {
            found = try readNow { db in try String.fetchOne(db, sql: sql, arguments: [now]) }
            if found == nil { return ClaimResult() }
        }
        return try await pool.write { [ids, found] db in
            var result = ClaimResult()
            let candidate = try db.cachedStatement(sql: sql)
            var next = try found.flatMap { try Self.loadRun(id: $0, projectID: nil, db: db) }
            if let run = next, !(run.claimableAt.map { $0 <= now } ?? false) { next = nil }
            while let run = try next ?? String.fetchOne(candidate, arguments: [now]).flatMap({ try Self.loadRun(id: $0, projectID: nil, db: db) }) {
                next = nil
                guard let outcome = ClaimResult.attempt(run, worker: workerID, now: now, leaseMillis: leaseMillis, maximumAttempts: maximumAttempts) else {
                    return result
                }
                try Self.save(from: run, to: outcome.run, ids: ids, db: db)
                if result.add(outcome) { return result }
            }
            return result
        }
    }

    @discardableResult
    public func transition(runID: String, projectID: String?, _ change: @escaping @Sendable (Run) throws(LifecycleRefusal) -> Run) async throws -> Run {
        try await pool.write { [ids] db in
            guard let run = try Self.loadRun(id: runID, projectID: projectID, db: db) else { throw StoreError.runNotFound }
            let next = try change(run)
            try Self.save(from: run, to: next, ids: ids, db: db)
            return next
        }
    }

    public func processingRunIDs() async throws -> [String] {
        try readNow { db in try String.fetchAll(db, sql: "SELECT id FROM runs WHERE status = 'processing'") }
    }

    public func queueSummary(now: Int64) async throws -> QueueSummary {
        try readNow { db in
            let queued = try Row.fetchOne(db, sql: QueueSummary.queuedRuns)
            let running = try String.fetchAll(db, sql: QueueSummary.runningClaimable(now: "?"), arguments: [now])
                .compactMap { try Self.loadRun(id: $0, projectID: nil, db: db) }
            return QueueSummary(queued: queued?[0] ?? 0, oldestQueued: queued?[1], running: running, now: now)
        }
    }

    /// Writes what a transition changed — the run's row and the steps that differ — and the
    /// events it causes.
    private static func save(from old: Run, to new: Run, ids: IDSource, db: Database) throws {
        guard old != new else { return }
        try db.cachedStatement(sql: updateRun).execute(arguments: arguments(RunRecords.updateRunValues(new)))
        let update = try db.cachedStatement(sql: updateTask)
        for step in RunRecords.changedSteps(from: old, to: new) {
            try update.execute(arguments: arguments(RunRecords.updateTaskValues(step)))
        }
        let insertStep = try db.cachedStatement(sql: insertTask)
        for step in RunRecords.addedSteps(from: old, to: new) {
            try insertStep.execute(arguments: arguments(RunRecords.taskValues(step)))
        }
        try insert(RunEvents.changes(from: old, to: new, ids: ids, now: new.updatedAt), db: db)
    }

    private static func insert(_ events: [Event], db: Database) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(sql: insertEvent)
        for event in events { try statement.execute(arguments: arguments(RunRecords.eventValues(event))) }
    }

    // MARK: Statements

    private static let question: @Sendable (Int) -> String = { _ in "?" }
    private static let insertRun = insert("runs", RunRecords.insertRunColumns)
    private static let insertJob = insert("jobs", RunRecords.insertJobColumns)
    private static let insertTask = insert("tasks", RunRecords.insertTaskColumns)
    private static let insertEvent = insert("events", RunRecords.eventColumns)

    private static func insert(_ table: String, _ columns: String) -> String {
        let count = columns.split(separator: ",").count
        return "INSERT INTO \(table) (\(columns)) VALUES \(RunRecords.placeholders(count, placeholder: question))"
    }
    private static let updateRun = "UPDATE runs SET \(RunRecords.assignments(RunRecords.updateRunAssignments, placeholder: question)) WHERE id = ?"
    private static let updateTask = "UPDATE tasks SET \(RunRecords.assignments(RunRecords.updateTaskAssignments, placeholder: question)) WHERE id = ?"

    static func arguments(_ values: [RunRecords.Value]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let s): return s
            case .integer(let i): return i
            case .real(let d): return d
            }
        })
    }
}

extension Row: RunRecords.Cells {
    func text(_ index: Int) throws -> String { self[index] }
    func optionalText(_ index: Int) throws -> String? { self[index] }
    func integer(_ index: Int) throws -> Int64 { self[index] }
    func optionalInteger(_ index: Int) throws -> Int64? { self[index] }
    func optionalReal(_ index: Int) throws -> Double? { self[index] }
}
