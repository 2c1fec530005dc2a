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

    // MARK: Runs

    /// Writes a run with its steps (a job's with its job fields) and the idempotency record in
    /// one transaction, and announces it to idle workers.
    func createRun(_ run: Run, idempotency: IdempotencyRecord?) async throws -> CreateJobOutcome
    /// A job of the project, with its steps.
    func job(id: String, projectID: String) async throws -> Run?
    /// Jobs of the project, without their steps.
    func listJobs(projectID: String, filter: JobFilter, page: PageRequest) async throws -> Page<Run>
    /// A task of the project: a step of a job, or a standalone task.
    func task(id: String, projectID: String) async throws -> Step?
    func listTasks(projectID: String, filter: TaskFilter, page: PageRequest) async throws -> Page<Step>
    /// Any run, with its steps; with `projectID`, only that project's.
    func run(id: String, projectID: String?) async throws -> Run?

    // MARK: Running

    /// Claims steps of the oldest run with a claimable step (ready, or running under a lease that
    /// ran out) with `Lifecycle.claim`: the step and the steps that continue on its worker. Runs
    /// the claim finds exhausted fail on the way and are reported too. `lightOnly` (a light
    /// worker's claim) considers only runs `LightWork.mayClaim`.
    func claimNext(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int, lightOnly: Bool) async throws -> ClaimResult
    /// Applies `change` to the run as it is now and stores the result, atomically: the run is
    /// read and written in one transaction, locked against other nodes. Throws the change's
    /// `LifecycleRefusal`, or `StoreError.runNotFound`.
    @discardableResult
    func transition(runID: String, projectID: String?, _ change: @escaping @Sendable (Run) throws(LifecycleRefusal) -> Run) async throws -> Run
    /// The ids of runs some worker holds; a single-node server expires their leases at start.
    func processingRunIDs() async throws -> [String]
    /// The claims of every project waiting for a worker at `now`, for the queue metrics
    /// (`QueueSummary.init(queued:oldestQueued:running:now:)`).
    func queueSummary(now: Int64) async throws -> QueueSummary

    // MARK: Events

    /// Events of the project, newest first by default.
    func listEvents(projectID: String, filter: EventFilter, page: PageRequest) async throws -> Page<Event>
    func event(id: String, projectID: String) async throws -> Event?

    // MARK: Webhooks

    func createEndpoint(_ endpoint: WebhookEndpoint, sealedSecret: String) async throws
    func endpoints(projectID: String) async throws -> [WebhookEndpoint]
    func endpoint(id: String, projectID: String) async throws -> WebhookEndpoint?
    /// Writes what may change of an endpoint: url, topics, description, enabled, why it was
    /// turned off, since when it fails, and `updatedAt`.
    func updateEndpoint(_ endpoint: WebhookEndpoint) async throws
    /// A new secret; the old one keeps signing (beside it) until `previousValidUntil`.
    func rotateEndpointSecret(id: String, projectID: String, sealedSecret: String, previousValidUntil: Int64, now: Int64) async throws -> Bool
    func deleteEndpoint(id: String, projectID: String) async throws -> Bool
    /// The endpoint's sealed secrets that sign now: the current one, then the previous while it is valid.
    func endpointSecrets(id: String, now: Int64) async throws -> [String]
    /// The sealed secret that signs a project's `webhook_url` deliveries, if it has one yet.
    func projectWebhookSecret(projectID: String) async throws -> String?
    func setProjectWebhookSecret(projectID: String, sealedSecret: String) async throws

    // MARK: Deliveries

    /// Turns events not yet dispatched into deliveries (`DeliveryRules`), in one transaction per
    /// batch; returns how many events it dispatched.
    func dispatchEvents(limit: Int, now: Int64) async throws -> Int
    /// Due deliveries, leased to the caller for `leaseMillis` so no other node sends them meanwhile.
    func claimDeliveries(now: Int64, limit: Int, leaseMillis: Int64) async throws -> [Delivery]
    /// Records an attempt with the delivery (and endpoint) it leaves behind.
    func finishAttempt(_ attempt: DeliveryAttempt, delivery: Delivery, endpoint: WebhookEndpoint?) async throws
    func attempts(eventID: String) async throws -> [DeliveryAttempt]
    /// Ends every delivery's lease. Only for a single-node server at start: whatever was being
    /// sent belonged to a process that is gone.
    func releaseDeliveryLeases() async throws
    /// Dispatches the event again, to the endpoints that take it now; false when there is no such event.
    func redeliver(eventID: String, projectID: String) async throws -> Bool

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
    case runNotFound
}

/// The work waiting for a worker: how many claims (a queued run's first step, each ready step of
/// a running workflow, each step whose worker died), and since when the oldest of them has waited.
public struct QueueSummary: Sendable, Equatable {
    public var depth: Int
    /// Unix milliseconds; nil when nothing waits.
    public var oldestWaitingSince: Int64?

    public init(depth: Int, oldestWaitingSince: Int64?) {
        self.depth = depth
        self.oldestWaitingSince = oldestWaitingSince
    }

    /// The one rule of both stores. A run still `queued` (no step claimed yet) waits as one claim,
    /// its first step, since it was created: the stores count those in SQL (`queued`,
    /// `oldestQueued`). A `processing` run that is claimable now (`running`, read whole) adds what
    /// `Lifecycle.waitingClaims` finds: its ready steps, and those whose lease ran out.
    init(queued: Int, oldestQueued: Int64?, running: [Run], now: Int64) {
        let waiting = running.flatMap { Lifecycle.waitingClaims($0, now: now) }
        depth = queued + waiting.count
        oldestWaitingSince = (waiting + [oldestQueued].compactMap { $0 }).min()
    }

    /// The ids of the `processing` runs whose claims `init(queued:oldestQueued:running:now:)`
    /// reads: those with a step claimable at `now`.
    static func runningClaimable(now placeholder: String) -> String {
        "SELECT id FROM runs WHERE status = 'processing' AND claimable_at <= \(placeholder)"
    }

    static let queuedRuns = "SELECT COUNT(*), MIN(created_at) FROM runs WHERE status = 'queued'"
}

extension JobStore {
    /// A claim of any run (a heavy worker's).
    public func claimNext(workerID: String, leaseMillis: Int64, now: Int64, maximumAttempts: Int) async throws -> ClaimResult {
        try await claimNext(workerID: workerID, leaseMillis: leaseMillis, now: now, maximumAttempts: maximumAttempts, lightOnly: false)
    }
}

/// What `claimNext` did.
public struct ClaimResult: Sendable, Equatable {
    /// The run as it is after the claim, if a step was claimable.
    public var claimed: Run?
    /// The indices of the steps the worker now holds, in the order it runs them.
    public var steps: [Int]
    /// Runs that had been interrupted too often and failed with `worker_lost` instead.
    public var exhausted: [Run]

    public init(claimed: Run? = nil, steps: [Int] = [], exhausted: [Run] = []) {
        self.claimed = claimed
        self.steps = steps
        self.exhausted = exhausted
    }

    /// Adds what one candidate gave; true when the worker got steps and the search is over.
    mutating func add(_ outcome: Candidate) -> Bool {
        switch outcome {
        case .claim(.claimed(let run, let steps)):
            claimed = run
            self.steps = steps
            return true
        case .claim(.exhausted(let run)):
            exhausted.append(run)
            return false
        case .corrected:
            return false
        }
    }

    /// What one candidate of the claim query gave, to store.
    enum Candidate {
        case claim(Lifecycle.Claim)
        /// The run had nothing to claim after all: its `claimableAt`, corrected.
        case corrected(Run)

        var run: Run {
            switch self {
            case .claim(let claim): return claim.run
            case .corrected(let run): return run
            }
        }
    }

    /// What to store for one candidate of the claim query: the claim, or, when the run had
    /// nothing to claim after all, the run with `claimableAt` corrected; nil when nothing changes
    /// (the search is over).
    static func attempt(_ run: Run, worker: String, now: Int64, leaseMillis: Int64, maximumAttempts: Int) -> Candidate? {
        do {
            return .claim(try Lifecycle.claim(run, worker: worker, now: now, leaseMillis: leaseMillis, maximumAttempts: maximumAttempts))
        } catch {
            var corrected = run
            corrected.claimableAt = Lifecycle.claimableAt(run)
            return corrected == run ? nil : .corrected(corrected)
        }
    }
}
