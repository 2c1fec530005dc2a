import KilnCore
import PostgresNIO

/// Rows ↔ values for PostgreSQL, through the columns both stores share (`RunRecords`).
enum PostgresRows {
    struct Cells: RunRecords.Cells {
        let row: PostgresRandomAccessRow

        func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
        func optionalText(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
        func integer(_ index: Int) throws -> Int64 { try row[index].decode(Int64.self) }
        func optionalInteger(_ index: Int) throws -> Int64? { try row[index].decode(Int64?.self) }
        func optionalReal(_ index: Int) throws -> Double? { try row[index].decode(Double?.self) }
    }

    static func run(_ row: PostgresRow) throws -> Run { try RunRecords.run(Cells(row: row.makeRandomAccess())) }
    static func step(_ row: PostgresRow) throws -> Step { try RunRecords.step(Cells(row: row.makeRandomAccess())) }

    static let connectionColumns = "id, project_id, kind, name, endpoint, region, access_key_id, is_default, force_path_style, created_at, updated_at"

    static func connection(_ row: PostgresRow) throws -> Connection {
        let (id, projectID, kind, name, endpoint, region, accessKeyID, isDefault, forcePathStyle, createdAt, updatedAt) =
            try row.decode((String, String, String, String, String, String, String, Bool, Bool, Int64, Int64).self)
        return Connection(
            id: id, projectID: projectID, kind: kind, name: name, endpoint: endpoint, region: region,
            accessKeyID: accessKeyID, isDefault: isDefault, forcePathStyle: forcePathStyle, createdAt: createdAt, updatedAt: updatedAt
        )
    }

    static func event(_ row: PostgresRow) throws -> Event { try RunRecords.event(Cells(row: row.makeRandomAccess())) }
    static func eventRoute(_ row: PostgresRow) throws -> EventRoute { try RunRecords.eventRoute(Cells(row: row.makeRandomAccess())) }
    static func endpoint(_ row: PostgresRow) throws -> WebhookEndpoint { try RunRecords.endpoint(Cells(row: row.makeRandomAccess())) }
    static func delivery(_ row: PostgresRow) throws -> Delivery { try RunRecords.delivery(Cells(row: row.makeRandomAccess())) }
    static func attempt(_ row: PostgresRow) throws -> DeliveryAttempt { try RunRecords.attempt(Cells(row: row.makeRandomAccess())) }

    /// The run, its job fields, its steps, its events and a NOTIFY on `channel`, as one statement.
    static func insert(_ run: Run, events: [Event], notify channel: String, payload: String) -> PostgresQuery {
        var statement = PostgresStatement()
        var parts = ["new_run AS (INSERT INTO runs (\(RunRecords.insertRunColumns)) VALUES \(statement.values(RunRecords.runValues(run))))"]
        if let job = run.job {
            parts.append("new_job AS (INSERT INTO jobs (\(RunRecords.insertJobColumns)) VALUES \(statement.values(RunRecords.jobValues(run, job))))")
        }
        let steps = run.steps.map { statement.values(RunRecords.taskValues($0)) }
        parts.append("new_tasks AS (INSERT INTO tasks (\(RunRecords.insertTaskColumns)) VALUES \(steps.joined(separator: ", ")))")
        if !events.isEmpty {
            let values = events.map { statement.values(RunRecords.eventValues($0)) }
            parts.append("new_events AS (INSERT INTO events (\(RunRecords.eventColumns)) VALUES \(values.joined(separator: ", ")))")
        }
        let channelPlaceholder = statement.bind(channel)
        let payloadPlaceholder = statement.bind(payload)
        return statement.query("WITH \(parts.joined(separator: ", ")) SELECT pg_notify(\(channelPlaceholder), \(payloadPlaceholder))")
    }

    /// Steps a transition added, as one statement.
    static func insert(_ steps: [Step]) -> PostgresQuery {
        var statement = PostgresStatement()
        let values = steps.map { statement.values(RunRecords.taskValues($0)) }
        return statement.query("INSERT INTO tasks (\(RunRecords.insertTaskColumns)) VALUES \(values.joined(separator: ", "))")
    }

    /// The events, as one statement.
    static func insert(_ events: [Event]) -> PostgresQuery {
        var statement = PostgresStatement()
        let values = events.map { statement.values(RunRecords.eventValues($0)) }
        return statement.query("INSERT INTO events (\(RunRecords.eventColumns)) VALUES \(values.joined(separator: ", "))")
    }

    static func update(_ run: Run) -> PostgresQuery {
        update("runs", RunRecords.updateRunAssignments, RunRecords.updateRunValues(run))
    }

    static func update(_ step: Step) -> PostgresQuery {
        update("tasks", RunRecords.updateTaskAssignments, RunRecords.updateTaskValues(step))
    }

    /// `UPDATE table SET columns WHERE id`, the id being the last value.
    private static func update(_ table: String, _ columns: [String], _ values: [RunRecords.Value]) -> PostgresQuery {
        var statement = PostgresStatement()
        let placeholders = values.map { statement.bind($0) }
        let assignments = zip(columns, placeholders).map { "\($0) = \($1)" }.joined(separator: ", ")
        return statement.query("UPDATE \(table) SET \(assignments) WHERE id = \(placeholders[placeholders.count - 1])")
    }
}

/// A statement built at run time, with numbered parameters.
struct PostgresStatement {
    private(set) var binds = PostgresBindings()

    /// Binds `value` (nil binds NULL) and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func bind(_ value: RunRecords.Value) -> String {
        switch value {
        case .text(let s): return bind(s)
        case .integer(let i): return bind(i)
        case .real(let d): return bind(d)
        }
    }

    /// `($1, $2, …)` for the values.
    mutating func values(_ values: [RunRecords.Value]) -> String {
        "(" + values.map { bind($0) }.joined(separator: ", ") + ")"
    }

    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
