/// A job: one input through probe → import → encode → export.
public struct Job: Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var kind: JobKind
    public var input: String
    public var output: String?
    /// The options as the client sent them.
    public var options: JSONObject
    public var metadata: JSONObject
    /// The requested destination (`s3://…`), if any; `output` is where the result was published.
    public var destination: String?
    public var connectionID: String?
    public var status: JobStatus
    public var error: RunError?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var updatedAt: Int64
    public var tasks: [MediaTask]
    /// A carrier for one standalone task (`POST /tasks`): never listed or shown as a job, but
    /// queued, leased, run and cancelled exactly like one.
    public var standalone: Bool

    public init(
        id: String, projectID: String, kind: JobKind, input: String, output: String? = nil,
        options: JSONObject, metadata: JSONObject, destination: String? = nil, connectionID: String? = nil,
        status: JobStatus = .queued, error: RunError? = nil, createdAt: Int64, startedAt: Int64? = nil,
        finishedAt: Int64? = nil, updatedAt: Int64, tasks: [MediaTask] = [], standalone: Bool = false
    ) {
        self.standalone = standalone
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.input = input
        self.output = output
        self.options = options
        self.metadata = metadata
        self.destination = destination
        self.connectionID = connectionID
        self.status = status
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
        self.tasks = tasks
    }

    /// A new queued job with its four waiting tasks, from a validated request.
    public static func new(
        from request: CreateJobRequest, projectID: String, ids: IDSource, now: Int64
    ) -> Job {
        let jobID = ids.make(.job)
        let kinds: [TaskKind] = [.probe, .import, request.kind.taskKind, .export]
        let tasks = kinds.map { kind in
            MediaTask(
                id: ids.make(.task), projectID: projectID, jobID: jobID, kind: kind, createdBy: jobID,
                createdAt: now, updatedAt: now
            )
        }
        return Job(
            id: jobID, projectID: projectID, kind: request.kind, input: request.input,
            options: request.options, metadata: request.metadata, destination: request.output,
            connectionID: request.connectionID, createdAt: now, updatedAt: now, tasks: tasks
        )
    }
}

/// A task: one step of a job, or a standalone task.
public struct MediaTask: Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var jobID: String?
    public var kind: TaskKind
    public var input: JSONValue
    public var options: JSONObject
    public var output: JSONValue
    public var status: TaskStatus
    public var progress: Double?
    public var error: RunError?
    public var createdBy: String?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var updatedAt: Int64
    /// Created by `POST /tasks`: `jobID` is its internal carrier, shown as `null`.
    public var standalone: Bool

    public init(
        id: String, projectID: String, jobID: String?, kind: TaskKind, input: JSONValue = .null,
        options: JSONObject = JSONObject(), output: JSONValue = .null, status: TaskStatus = .waiting,
        progress: Double? = nil, error: RunError? = nil, createdBy: String?, createdAt: Int64,
        startedAt: Int64? = nil, finishedAt: Int64? = nil, updatedAt: Int64, standalone: Bool = false
    ) {
        self.standalone = standalone
        self.id = id
        self.projectID = projectID
        self.jobID = jobID
        self.kind = kind
        self.input = input
        self.options = options
        self.output = output
        self.status = status
        self.progress = progress
        self.error = error
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }
}

extension Job {
    /// A standalone task and the carrier job that runs it.
    public static func standalone(
        from request: CreateTaskRequest, projectID: String, createdBy: String, ids: IDSource, now: Int64
    ) -> Job {
        let carrierID = ids.make(.job)
        let task = MediaTask(
            id: ids.make(.task), projectID: projectID, jobID: carrierID, kind: request.kind, input: request.input,
            options: request.options, createdBy: createdBy, createdAt: now, updatedAt: now, standalone: true
        )
        return Job(
            id: carrierID, projectID: projectID, kind: request.kind.jobKind ?? .video, input: request.inputURL,
            options: request.options, metadata: JSONObject(), destination: request.destination,
            connectionID: request.connectionID, createdAt: now, updatedAt: now, tasks: [task], standalone: true
        )
    }
}
