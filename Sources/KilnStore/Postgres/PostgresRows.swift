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

    static func insertJob(_ job: Job) -> PostgresQuery {
        """
        INSERT INTO jobs (id, project_id, kind, input, output, options, metadata, destination, connection_id,
            status, error, created_at, started_at, finished_at, updated_at, standalone)
        VALUES (\(job.id), \(job.projectID), \(job.kind.rawValue), \(job.input), \(job.output),
            \(JSONValue.object(job.options).serialized()), \(JSONValue.object(job.metadata).serialized()),
            \(job.destination), \(job.connectionID), \(job.status.rawValue), \(job.error?.json.serialized()),
            \(job.createdAt), \(job.startedAt), \(job.finishedAt), \(job.updatedAt), \(job.standalone))
        """
    }

    static func insertTask(_ task: MediaTask) -> PostgresQuery {
        """
        INSERT INTO tasks (id, project_id, job_id, kind, input, options, output, status, progress, error,
            created_by, created_at, started_at, finished_at, updated_at, standalone)
        VALUES (\(task.id), \(task.projectID), \(task.jobID), \(task.kind.rawValue), \(task.input.serialized()),
            \(JSONValue.object(task.options).serialized()), \(task.output.serialized()), \(task.status.rawValue),
            \(task.progress), \(task.error?.json.serialized()), \(task.createdBy), \(task.createdAt), \(task.startedAt),
            \(task.finishedAt), \(task.updatedAt), \(task.standalone))
        """
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

/// A statement whose conditions are chosen at run time, with numbered parameters.
struct PostgresStatement {
    private(set) var binds = PostgresBindings()

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: String) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func bind(_ value: Int) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
