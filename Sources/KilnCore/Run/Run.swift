/// What a job or a standalone task is: an input and an ordered list of steps. Steps are claimed
/// (a step with the steps that continue on its worker, see `RunGraph`) and run under leases of
/// their own, so steps whose inputs are ready run on different workers at once; the run's status,
/// output and when it may next be claimed are derived from its steps (`Lifecycle`).
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
    /// When a worker may next claim a step of the run: 0 while a step is ready, a step's lease
    /// expiry (plus one) while steps run, nil when nothing is left to claim. Derived by
    /// `Lifecycle`; the stores' claim query compares it with the time and nothing else.
    public var claimableAt: Int64?
    /// The published result of each workflow step that has one, by ref (a Kiln extension).
    public var outputs: JSONObject
    public var steps: [Step]
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var updatedAt: Int64

    public init(
        id: String, projectID: String, job: JobFields?, input: String, destination: String? = nil, connectionID: String? = nil,
        webhookURL: String? = nil, status: RunStatus = .queued, output: String? = nil, error: RunError? = nil, claimableAt: Int64? = 0, outputs: JSONObject = JSONObject(),
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
        self.claimableAt = claimableAt
        self.outputs = outputs
        self.steps = steps
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }

    public var isJob: Bool { job != nil }
    public var isWorkflow: Bool { job?.workflow != nil }
}

/// What a job has beyond its run: the kind and options as the client sent them, and metadata.
public struct JobFields: Sendable, Equatable {
    public var kind: StepKind
    public var options: JSONObject
    public var metadata: JSONObject
    /// A workflow job's steps as the client sent them (kind `workflow`).
    public var workflow: JSONValue?

    public init(kind: StepKind, options: JSONObject, metadata: JSONObject, workflow: JSONValue? = .none) {
        self.kind = kind
        self.options = options
        self.metadata = metadata
        self.workflow = workflow
    }
}

/// A worker's hold on a step.
public struct Lease: Sendable, Equatable {
    public var owner: String
    public var expiresAt: Int64

    public init(owner: String, expiresAt: Int64) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}
