import KilnCore
import PostgresNIO

/// Rows ↔ values for PostgreSQL; the columns are the SQLite store's, in the same order.
enum PostgresRows {
    static let jobColumns = SQLiteRows.jobColumns
    static let taskColumns = SQLiteRows.taskColumns

    static func job(_ row: PostgresRow) throws -> Job {
        let (id, projectID, kind, input, output, options, metadata, destination, connectionID, status, error) =
            try row.decode((String, String, String, String, String?, String, String, String?, String?, String, String?).self)
        let cells = row.makeRandomAccess()
        return Job(
            id: id, projectID: projectID, kind: JobKind(rawValue: kind) ?? .video,
            input: input, output: output, options: StoredJSON.object(options),
            metadata: StoredJSON.object(metadata), destination: destination, connectionID: connectionID,
            status: JobStatus(rawValue: status) ?? .queued, error: StoredJSON.error(error),
            createdAt: try cells[11].decode(Int64.self), startedAt: try cells[12].decode(Int64?.self),
            finishedAt: try cells[13].decode(Int64?.self), updatedAt: try cells[14].decode(Int64.self),
            standalone: try cells[15].decode(Bool.self)
        )
    }

    static func task(_ row: PostgresRow) throws -> MediaTask {
        let (id, projectID, jobID, kind, input, options, output, status, progress, error, createdBy) =
            try row.decode((String, String, String?, String, String, String, String, String, Double?, String?, String?).self)
        let cells = row.makeRandomAccess()
        return MediaTask(
            id: id, projectID: projectID, jobID: jobID,
            kind: TaskKind(rawValue: kind) ?? .probe, input: StoredJSON.value(input),
            options: StoredJSON.object(options), output: StoredJSON.value(output),
            status: TaskStatus(rawValue: status) ?? .waiting, progress: progress,
            error: StoredJSON.error(error), createdBy: createdBy, createdAt: try cells[11].decode(Int64.self),
            startedAt: try cells[12].decode(Int64?.self), finishedAt: try cells[13].decode(Int64?.self),
            updatedAt: try cells[14].decode(Int64.self), standalone: try cells[15].decode(Bool.self)
        )
    }

    static let connectionColumns = "id, project_id, kind, name, endpoint, region, access_key_id, is_default, force_path_style, created_at, updated_at"

    static func connection(_ row: PostgresRow) throws -> Connection {
        let (id, projectID, kind, name, endpoint, region, accessKeyID, isDefault, forcePathStyle, createdAt, updatedAt) =
            try row.decode((String, String, String, String, String, String, String, Bool, Bool, Int64, Int64).self)
        return Connection(
            id: id, projectID: projectID, kind: kind, name: name, endpoint: endpoint, region: region,
            accessKeyID: accessKeyID, isDefault: isDefault, forcePathStyle: forcePathStyle, createdAt: createdAt, updatedAt: updatedAt
        )
    }

    /// The job, its tasks and a NOTIFY on `channel`, as one statement.
    static func insertJobWithTasks(_ job: Job, notify channel: String) -> PostgresQuery {
        var statement = PostgresStatement()
        func values(_ items: [String]) -> String { "(" + items.joined(separator: ", ") + ")" }
        let jobValues = values([
            statement.bind(job.id), statement.bind(job.projectID), statement.bind(job.kind.rawValue), statement.bind(job.input),
            statement.bind(job.output), statement.bind(JSONValue.object(job.options).serialized()),
            statement.bind(JSONValue.object(job.metadata).serialized()), statement.bind(job.destination), statement.bind(job.connectionID),
            statement.bind(job.status.rawValue), statement.bind(job.error?.json.serialized()), statement.bind(job.createdAt),
            statement.bind(job.startedAt), statement.bind(job.finishedAt), statement.bind(job.updatedAt), statement.bind(job.standalone),
        ])
        let taskValues = job.tasks.map { task in
            values([
                statement.bind(task.id), statement.bind(task.projectID), statement.bind(task.jobID), statement.bind(task.kind.rawValue),
                statement.bind(task.input.serialized()), statement.bind(JSONValue.object(task.options).serialized()),
                statement.bind(task.output.serialized()), statement.bind(task.status.rawValue), statement.bind(task.progress),
                statement.bind(task.error?.json.serialized()), statement.bind(task.createdBy), statement.bind(task.createdAt),
                statement.bind(task.startedAt), statement.bind(task.finishedAt), statement.bind(task.updatedAt), statement.bind(task.standalone),
            ])
        }
        let channelPlaceholder = statement.bind(channel)
        return statement.query("""
            WITH new_job AS (
                INSERT INTO jobs (\(jobColumns)) VALUES \(jobValues)
            ), new_tasks AS (
                INSERT INTO tasks (\(taskColumns)) VALUES \(taskValues.joined(separator: ", "))
            )
            SELECT pg_notify(\(channelPlaceholder), '')
            """)
    }

    static func updateTask(_ task: MediaTask) -> PostgresQuery {
        """
        UPDATE tasks SET input = \(task.input.serialized()), output = \(task.output.serialized()), status = \(task.status.rawValue),
            progress = \(task.progress), error = \(task.error?.json.serialized()), started_at = \(task.startedAt),
            finished_at = \(task.finishedAt), updated_at = \(task.updatedAt)
        WHERE id = \(task.id)
        """
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

    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
