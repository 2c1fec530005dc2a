import GRDB
import KilnCore

/// Rows ↔ values. JSON columns hold compact JSON text.
enum SQLiteRows {
    static func json(_ text: String?) -> JSONValue { StoredJSON.value(text) }
    static func object(_ text: String?) -> JSONObject { StoredJSON.object(text) }
    static func error(_ text: String?) -> RunError? { StoredJSON.error(text) }

    /// Columns are read by position (faster than by name on a hot path): keep in step with `job(_:)`.
    static let jobColumns = """
        id, project_id, kind, input, output, options, metadata, destination, connection_id, status, error,
        created_at, started_at, finished_at, updated_at, standalone
        """

    static func job(_ row: Row) -> Job {
        Job(
            id: row[0], projectID: row[1], kind: JobKind(rawValue: row[2]) ?? .video,
            input: row[3], output: row[4], options: object(row[5]),
            metadata: object(row[6]), destination: row[7], connectionID: row[8],
            status: JobStatus(rawValue: row[9]) ?? .queued, error: error(row[10]),
            createdAt: row[11], startedAt: row[12], finishedAt: row[13], updatedAt: row[14], standalone: row[15]
        )
    }

    /// Keep in step with `task(_:)`.
    static let taskColumns = """
        id, project_id, job_id, kind, input, options, output, status, progress, error, created_by,
        created_at, started_at, finished_at, updated_at, standalone
        """

    static func task(_ row: Row) -> MediaTask {
        MediaTask(
            id: row[0], projectID: row[1], jobID: row[2],
            kind: TaskKind(rawValue: row[3]) ?? .probe, input: json(row[4]),
            options: object(row[5]), output: json(row[6]),
            status: TaskStatus(rawValue: row[7]) ?? .waiting, progress: row[8],
            error: error(row[9]), createdBy: row[10], createdAt: row[11],
            startedAt: row[12], finishedAt: row[13], updatedAt: row[14], standalone: row[15]
        )
    }

    static let insertJob = """
        INSERT INTO jobs (id, project_id, kind, input, output, options, metadata, destination, connection_id,
            status, error, created_at, started_at, finished_at, updated_at, standalone)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func jobArguments(_ job: Job) -> StatementArguments {
        [
            job.id, job.projectID, job.kind.rawValue, job.input, job.output,
            JSONValue.object(job.options).serialized(), JSONValue.object(job.metadata).serialized(),
            job.destination, job.connectionID, job.status.rawValue, job.error?.json.serialized(),
            job.createdAt, job.startedAt, job.finishedAt, job.updatedAt, job.standalone,
        ]
    }

    static let insertTask = """
        INSERT INTO tasks (id, project_id, job_id, kind, input, options, output, status, progress, error,
            created_by, created_at, started_at, finished_at, updated_at, standalone)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func taskArguments(_ task: MediaTask) -> StatementArguments {
        [
            task.id, task.projectID, task.jobID, task.kind.rawValue, task.input.serialized(),
            JSONValue.object(task.options).serialized(), task.output.serialized(), task.status.rawValue,
            task.progress, task.error?.json.serialized(), task.createdBy, task.createdAt, task.startedAt,
            task.finishedAt, task.updatedAt, task.standalone,
        ]
    }
}
