/// What a job or a standalone task is: an input and an ordered list of steps, claimed and run by
/// one worker at a time under a lease.
public struct Run: Sendable, Equatable {
    public var id: String
    public var projectID: String
    /// The job's own fields; nil for a standalone task, whose run has the task's id.
    public var job: JobFields?
    /// The URL the run reads.
    public var input: String
    /// Where the result goes (`s3://…`); nil publishes it to the server's storage.
    public var destination: String?
    public var connectionID: String?
    /// Where the run's last event (it succeeded, failed or was cancelled) is POSTed, if anywhere.
    public var webhookURL: String?
    public var status: RunStatus
    /// Where the result was published.
    public var output: String?
    public var error: RunError?
    public var lease: Lease?
    /// Claims so far; a run claimed `maximumAttempts` times fails with `worker_lost`.
    public var attempts: Int
    public var steps: [Step]
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var updatedAt: Int64

    public init(
        id: String, projectID: String, job: JobFields?, input: String, destination: String? = nil, connectionID: String? = nil,
        webhookURL: String? = nil, status: RunStatus = .queued, output: String? = nil, error: RunError? = nil, lease: Lease? = nil, attempts: Int = 0,
        steps: [Step], createdAt: Int64, startedAt: Int64? = nil, finishedAt: Int64? = nil, updatedAt: Int64
    ) {
        self.id = id
        self.projectID = projectID
        self.job = job
        self.input = input
        self.destination = destination
        self.connectionID = connectionID
        self.webhookURL = webhookURL
        self.status = status
        self.output = output
        self.error = error
        self.lease = lease
        self.attempts = attempts
        self.steps = steps
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }

    public var isJob: Bool { job != nil }
}

/// What a job has beyond its run: the kind and options as the client sent them, and metadata.
public struct JobFields: Sendable, Equatable {
    public var kind: StepKind
    public var options: JSONObject
    public var metadata: JSONObject

    public init(kind: StepKind, options: JSONObject, metadata: JSONObject) {
        self.kind = kind
        self.options = options
        self.metadata = metadata
    }
}

/// A worker's hold on a run.
public struct Lease: Sendable, Equatable {
    public var owner: String
    public var expiresAt: Int64

    public init(owner: String, expiresAt: Int64) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}
