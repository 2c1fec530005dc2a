import KilnCore

/// Where jobs, tasks, API keys and idempotency records live. `SQLiteJobStore` is the embedded
/// default; every implementation passes the same contract tests.
public protocol JobStore: Sendable {
    // MARK: Projects and API keys

    /// Makes sure `secret` is an active key of the project named `projectName`.
    func ensureAPIKey(secret: String, projectName: String, now: Int64) async throws
    func createAPIKey(projectName: String, name: String?, now: Int64) async throws -> CreatedAPIKey
    func listAPIKeys() async throws -> [APIKeyInfo]
    /// Returns false when no active key has this id.
    func revokeAPIKey(id: String, now: Int64) async throws -> Bool
    func activeAPIKeyCount() async throws -> Int
    func authenticate(secret: String) async throws -> Principal?

    // MARK: Jobs

    /// Writes the job and its tasks (and the idempotency record) in one transaction.
    func createJob(_ job: Job, idempotency: IdempotencyRecord?) async throws -> CreateJobOutcome
    func job(id: String, projectID: String) async throws -> Job?
    func listJobs(projectID: String, filter: JobFilter, page: PageRequest) async throws -> Page<Job>

    // MARK: Running jobs

    /// Claims the oldest runnable job for `workerID` with a lease: a queued job, or a processing
    /// one whose lease expired (its worker died). The job's tasks start over. A job that has
    /// already been claimed `maximumAttempts` times fails instead.
    func claimNextJob(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int) async throws -> Job?
    /// Extends the lease; false when the worker no longer holds it.
    func renewLease(jobID: String, workerID: String, leaseMillis: Int64, now: Int64) async throws -> Bool
    /// Writes a task's state while the worker holds its job's lease; false when it does not.
    func recordTask(_ task: MediaTask, workerID: String) async throws -> Bool
    /// Ends a job the worker holds, in one transaction: its last task's state, the job's status,
    /// output or error, and `cancelled` for every task that did not finish. False when the worker
    /// no longer holds it (its lease expired, or the job was cancelled).
    func finishJob(id: String, workerID: String, status: JobStatus, output: String?, error: RunError?, finalTask: MediaTask?, now: Int64) async throws -> Bool
    /// Gives a job back to the queue (a worker shutting down): it runs again from the start.
    func releaseJob(id: String, workerID: String, now: Int64) async throws
    /// Ends every lease at once. Only for a single-node server at start: whatever was
    /// processing belonged to a process that is gone, so it may run again immediately.
    func expireAllLeases(now: Int64) async throws

    // MARK: Tasks and cancelling

    /// A task of the project, of a job or standalone.
    func task(id: String, projectID: String) async throws -> MediaTask?
    func listTasks(projectID: String, filter: TaskFilter, page: PageRequest) async throws -> Page<MediaTask>
    /// Cancels a queued or processing job (or a standalone task's carrier): the job and its
    /// unfinished tasks become `cancelled` at once; a worker running it stops when told.
    func cancelJob(id: String, projectID: String, now: Int64) async throws -> CancelOutcome
    /// The status of any job, for workers deciding how a run ended.
    func jobStatus(id: String) async throws -> JobStatus?

    // MARK: Connections

    /// Saves a connection (its secret already sealed); a default one takes over from the project's previous default.
    func createConnection(_ connection: Connection, sealedSecret: String) async throws
    func connections(projectID: String) async throws -> [Connection]
    func connection(id: String, projectID: String) async throws -> Connection?
    /// Applies `changes`; nil when there is no such connection.
    func updateConnection(id: String, projectID: String, changes: ConnectionChanges, sealedSecret: String?, now: Int64) async throws -> Connection?
    func deleteConnection(id: String, projectID: String) async throws -> Bool
    func defaultConnection(projectID: String) async throws -> Connection?
    /// The sealed secret of a connection, for the worker that uses it.
    func sealedSecret(connectionID: String) async throws -> String?
}

public enum CancelOutcome: Sendable, Equatable {
    case cancelled(wasRunning: Bool)
    case alreadyCancelled
    case notCancellable(JobStatus)
    case notFound
}

/// Who a request acts for.
public struct Principal: Sendable, Equatable {
    public let projectID: String
    public let keyID: String

    public init(projectID: String, keyID: String) {
        self.projectID = projectID
        self.keyID = keyID
    }
}

public struct APIKeyInfo: Sendable, Equatable {
    public let id: String
    public let projectID: String
    public let projectName: String
    public let name: String?
    /// The first characters of the secret, to recognise it.
    public let hint: String
    public let createdAt: Int64
    public let revokedAt: Int64?
}

public struct CreatedAPIKey: Sendable, Equatable {
    public let info: APIKeyInfo
    /// Shown once; only its SHA-256 is stored.
    public let secret: String

    /// A key just stored under `id`.
    init(id: String, projectID: String, projectName: String, name: String?, secret: String, now: Int64) {
        info = APIKeyInfo(
            id: id, projectID: projectID, projectName: projectName, name: name,
            hint: APIKeySecret.hint(secret), createdAt: now, revokedAt: nil
        )
        self.secret = secret
    }
}

/// An `Idempotency-Key` with the canonical hash of its request and the response to replay.
public struct IdempotencyRecord: Sendable, Equatable {
    public let key: String
    public let requestHash: String
    public let responseBody: String
    public let now: Int64

    public static let lifetimeMillis: Int64 = 24 * 60 * 60 * 1000

    public init(key: String, requestHash: String, responseBody: String, now: Int64) {
        self.key = key
        self.requestHash = requestHash
        self.responseBody = responseBody
        self.now = now
    }
}

public enum CreateJobOutcome: Sendable, Equatable {
    case created
    /// The same key and body were seen in the last 24 h: the original response.
    case replayed(responseBody: String)
}

public enum StoreError: Error, Sendable, Equatable {
    case idempotencyKeyReused
}
