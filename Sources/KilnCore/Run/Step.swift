/// One step of a run: what the API shows as a task.
public struct Step: Sendable, Equatable {
    public var id: String
    public var projectID: String
    /// The run it belongs to: its job's id, or its own id for a standalone task.
    public var runID: String
    /// Its job, or nil for a standalone task.
    public var jobID: String?
    public var kind: StepKind
    /// The validated options in canonical form: every option with its value.
    public var options: JSONObject
    public var input: JSONValue
    public var output: JSONValue
    public var status: TaskStatus
    /// 0–100 on steps that report progress; nil on those that report none.
    public var progress: Int?
    public var error: RunError?
    public var createdBy: String?
    public var metadata: JSONObject?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var updatedAt: Int64
    /// The name of a workflow step's result (`outputs[ref]`); nil on the steps of a single-kind job and on standalone tasks.
    public var ref: String?
    /// The ids of the steps this one needs to have succeeded before it may run (`RunGraph`).
    public var after: [String]
    /// Where a workflow step's result goes (`s3://…`, templates resolved at run time); nil publishes it like a job's.
    public var destination: String?
    /// The worker holding this step while it runs, and until when.
    public var lease: Lease?
    /// Claims of this step so far; one claimed `maximumAttempts` times fails with `worker_lost`.
    public var attempts: Int

    public init(
        id: String, projectID: String, runID: String, jobID: String?, kind: StepKind, options: JSONObject = JSONObject(),
        input: JSONValue = .null, output: JSONValue = .null, status: TaskStatus = .waiting, progress: Int? = nil,
        error: RunError? = nil, createdBy: String?, metadata: JSONObject? = nil, createdAt: Int64,
        startedAt: Int64? = nil, finishedAt: Int64? = nil, updatedAt: Int64, ref: String? = nil, after: [String] = [],
        destination: String? = nil, lease: Lease? = nil, attempts: Int = 0
    ) {
        self.ref = ref
        self.after = after
        self.destination = destination
        self.lease = lease
        self.attempts = attempts
        self.id = id
        self.projectID = projectID
        self.runID = runID
        self.jobID = jobID
        self.kind = kind
        self.options = options
        self.input = input
        self.output = output
        self.status = status
        self.progress = progress
        self.error = error
        self.createdBy = createdBy
        self.metadata = metadata
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }
}
