import GRDB
import KilnCore

/// Rows ↔ values. JSON columns hold compact JSON text.
enum SQLiteRows {
    static func json(_ text: String?) -> JSONValue {
        guard let text, let value = try? JSONParser.parse(text) else { return .null }
        return value
    }

    static func object(_ text: String?) -> JSONObject {
        json(text).objectValue ?? JSONObject()
    }

    static func error(_ text: String?) -> RunError? {
        RunError(json: json(text))
    }

    static func job(_ row: Row) -> Job {
        Job(
            id: row["id"], projectID: row["project_id"], kind: JobKind(rawValue: row["kind"]) ?? .video,
            input: row["input"], output: row["output"], options: object(row["options"]),
            metadata: object(row["metadata"]), destination: row["destination"], connectionID: row["connection_id"],
            status: JobStatus(rawValue: row["status"]) ?? .queued, error: error(row["error"]),
            createdAt: row["created_at"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            updatedAt: row["updated_at"]
        )
    }

    static func task(_ row: Row) -> MediaTask {
        MediaTask(
            id: row["id"], projectID: row["project_id"], jobID: row["job_id"],
            kind: TaskKind(rawValue: row["kind"]) ?? .probe, input: json(row["input"]),
            options: object(row["options"]), output: json(row["output"]),
            status: TaskStatus(rawValue: row["status"]) ?? .waiting, progress: row["progress"],
            error: error(row["error"]), createdBy: row["created_by"], createdAt: row["created_at"],
            startedAt: row["started_at"], finishedAt: row["finished_at"], updatedAt: row["updated_at"]
        )
    }

    static let insertJob = """
        INSERT INTO jobs (id, project_id, kind, input, output, options, metadata, destination, connection_id,
            status, error, created_at, started_at, finished_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func jobArguments(_ job: Job) -> StatementArguments {
        [
            job.id, job.projectID, job.kind.rawValue, job.input, job.output,
            JSONValue.object(job.options).serialized(), JSONValue.object(job.metadata).serialized(),
            job.destination, job.connectionID, job.status.rawValue, job.error?.json.serialized(),
            job.createdAt, job.startedAt, job.finishedAt, job.updatedAt,
        ]
    }

    static let insertTask = """
        INSERT INTO tasks (id, project_id, job_id, kind, input, options, output, status, progress, error,
            created_by, created_at, started_at, finished_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func taskArguments(_ task: MediaTask) -> StatementArguments {
        [
            task.id, task.projectID, task.jobID, task.kind.rawValue, task.input.serialized(),
            JSONValue.object(task.options).serialized(), task.output.serialized(), task.status.rawValue,
            task.progress, task.error?.json.serialized(), task.createdBy, task.createdAt, task.startedAt,
            task.finishedAt, task.updatedAt,
        ]
    }
}
