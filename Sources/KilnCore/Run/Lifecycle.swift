/// Every change of a run's state, as pure functions from the run before to the run after, or a
/// refusal. Workers claim *steps* (a chain of them, see `RunGraph`) under leases of their own;
/// the run's status, output, outputs and when it may next be claimed are derived from its steps
/// after every change (`settle`). The stores persist what these return under the lease guard; no
/// status rule or message lives anywhere else.
public enum Lifecycle {
    /// What a claim did: steps of the run are now the worker's, or a step had been interrupted too
    /// often and the run failed instead.
    public enum Claim: Sendable, Equatable {
        case claimed(Run, steps: [Int])
        case exhausted(Run)

        public var run: Run {
            switch self {
            case .claimed(let run, _), .exhausted(let run): return run
            }
        }
    }

    public static let cancelledByRequest = RunError("cancelled", "cancelled by request")
    public static let earlierStepFailed = RunError("cancelled", "another task of this job failed")
    public static let conditionNotMet = RunError("condition_not_met", "the conditions of the workflow step before this one did not hold for the input")

    public static func workerLost(_ run: Run, attempts: Int) -> RunError {
        RunError(
            "worker_lost",
            "the \(run.isJob ? "job" : "task") was interrupted \(attempts) times (its worker stopped while running it); it will not be retried"
        )
    }

    /// Whether a worker may claim a step of the run now: one is ready, or one runs under a lease that ran out.
    public static func isClaimable(_ run: Run, now: Int64) -> Bool {
        claimableAt(run).map { $0 <= now } ?? false
    }

    /// When a step of the run may next be claimed: 0 when one is ready now, one past the
    /// earliest lease expiry while steps run, nil when nothing is left to claim.
    public static func claimableAt(_ run: Run) -> Int64? {
        guard !run.status.isFinished else { return nil }
        let graph = RunGraph(run.steps)
        var earliest: Int64?
        for (index, step) in run.steps.enumerated() where !step.status.isFinished {
            if let lease = step.lease {
                earliest = min(earliest ?? .max, lease.expiresAt + 1)
            } else if graph.isReady(index) {
                return 0
            }
        }
        return earliest
    }

    /// The first step a claim at `now` would take: ready and held by nobody, or held under a lease that ran out.
    static func claimableStep(_ run: Run, now: Int64) -> Int? {
        let graph = RunGraph(run.steps)
        return run.steps.indices.first { index in
            let step = run.steps[index]
            guard !step.status.isFinished else { return false }
            if let lease = step.lease { return lease.expiresAt < now }
            return graph.isReady(index)
        }
    }

    /// Since when each claim a worker could take of the run at `now` has waited, one per chain
    /// (`RunGraph`): a step ready and held by nobody waits since the steps it comes after
    /// finished (the first step since the run was created); a step whose lease ran out, since the
    /// lease ran out. The queue metrics count these, so a workflow's ready steps are waiting work
    /// as a queued run is.
    public static func waitingClaims(_ run: Run, now: Int64) -> [Int64] {
        guard !run.status.isFinished else { return [] }
        let graph = RunGraph(run.steps)
        var since: [Int: Int64] = [:]
        for (index, step) in run.steps.enumerated() where !step.status.isFinished {
            let waited: Int64
            if let lease = step.lease {
                guard lease.expiresAt < now else { continue }
                waited = lease.expiresAt
            } else {
                guard graph.isReady(index) else { continue }
                waited = graph.dependencies(of: index).compactMap { run.steps[$0].finishedAt }.max() ?? run.createdAt
            }
            let head = graph.head(of: index)
            since[head] = min(since[head] ?? waited, waited)
        }
        return since.keys.sorted().compactMap { since[$0] }
    }

    /// Gives `worker` the first claimable step for `leaseMillis`, with the steps that continue on
    /// its worker (its chain); they start over as `queued`. A chain already claimed
    /// `maximumAttempts` times fails with `worker_lost` instead, and so does the run.
    public static func claim(_ run: Run, worker: String, now: Int64, leaseMillis: Int64, maximumAttempts: Int) throws(LifecycleRefusal) -> Claim {
        guard !run.status.isFinished else { throw .notClaimable(run.status) }
        guard let found = claimableStep(run, now: now) else { throw .leaseHeld }
        let graph = RunGraph(run.steps)
        let chain = graph.chain(from: graph.head(of: found))
        var next = run
        next.updatedAt = now
        if run.steps[chain[0]].attempts >= maximumAttempts {
            let interrupted = chain.first { [.processing, .finishing].contains(run.steps[$0].status) }
                ?? chain.first { !run.steps[$0].status.isFinished } ?? found
            next.steps[interrupted].fail(workerLost(run, attempts: run.steps[chain[0]].attempts), now: now)
            end(&next, status: .failed, error: next.steps[interrupted].error.map { runError(run, failedStep: interrupted, $0) }, now: now, othersGet: earlierStepFailed)
            return .exhausted(next)
        }
        next.outputs = JSONObject(next.outputs.fields.filter { field in !chain.contains { run.steps[$0].ref == field.key } })
        for index in chain {
            next.steps[index].reset(to: .queued, keepingInput: !run.isJob, now: now)
            next.steps[index].lease = Lease(owner: worker, expiresAt: now + leaseMillis)
            next.steps[index].attempts += 1
        }
        next.status = .processing
        next.startedAt = run.startedAt ?? now
        next.error = nil
        settle(&next, now: now)
        return .claimed(next, steps: chain)
    }

    /// Extends the leases of every step `worker` holds in the run.
    public static func renew(_ run: Run, worker: String, now: Int64, leaseMillis: Int64) throws(LifecycleRefusal) -> Run {
        let held = try heldSteps(run, by: worker)
        var next = run
        for index in held { next.steps[index].lease = Lease(owner: worker, expiresAt: now + leaseMillis) }
        next.claimableAt = claimableAt(next)
        return next
    }

    /// A step's turn: `queued` → `processing`, with the input it reads. Steps that report
    /// progress start at 0.
    public static func startStep(
        _ run: Run, _ index: Int, input: JSONValue?, reportsProgress: Bool, worker: String, now: Int64
    ) throws(LifecycleRefusal) -> Run {
        _ = try heldStep(run, index, by: worker, in: [.queued])
        var next = run
        next.steps[index].status = .processing
        if let input { next.steps[index].input = input }
        // A join starts from what its chunks did.
        next.steps[index].progress = reportsProgress ? (joinProgress(run, joining: index) ?? 0) : nil
        next.steps[index].startedAt = now
        next.steps[index].updatedAt = now
        next.updatedAt = now
        return next
    }

    /// A running step's progress, a whole number 0–100.
    public static func progress(_ run: Run, _ index: Int, percent: Int, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        _ = try heldStep(run, index, by: worker, in: [.processing, .finishing])
        var next = run
        next.steps[index].progress = min(100, max(0, percent))
        next.steps[index].updatedAt = now
        next.updatedAt = now
        showJoinProgress(&next, after: index)
        return next
    }

    /// A step publishes or uploads its result: `processing` → `finishing`.
    public static func finishing(_ run: Run, _ index: Int, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        _ = try heldStep(run, index, by: worker, in: [.processing])
        var next = run
        next.steps[index].status = .finishing
        next.steps[index].updatedAt = now
        next.updatedAt = now
        return next
    }

    /// A step succeeded with `output` (published at `url`, if it published); progress, where it
    /// is reported, reads 100. With `skipping`, the step decided that the steps after it do not
    /// run (a condition that did not hold): they end `cancelled` with that error. When no step is
    /// left, the run has succeeded.
    public static func succeedStep(
        _ run: Run, _ index: Int, output: JSONValue, url: String? = nil, skipping: RunError? = nil, worker: String, now: Int64
    ) throws(LifecycleRefusal) -> Run {
        let step = try heldStep(run, index, by: worker, in: [.processing, .finishing])
        var next = run
        next.steps[index].status = .succeeded
        next.steps[index].output = output
        next.steps[index].lease = nil
        if step.progress != nil { next.steps[index].progress = 100 }
        next.steps[index].finishedAt = now
        next.steps[index].updatedAt = now
        next.updatedAt = now
        if let ref = step.ref, let url { next.outputs = setting(next.outputs, ref, to: .string(url), order: next.steps) }
        let graph = RunGraph(run.steps)
        if step.ref == nil, graph.dependents(of: index).isEmpty { next.output = url }
        showJoinProgress(&next, after: index)
        if let skipping {
            for dependent in graph.descendants(of: index) where !next.steps[dependent].status.isFinished {
                next.steps[dependent].end(.cancelled, error: skipping, now: now)
            }
        }
        settle(&next, now: now)
        return next
    }

    /// A step failed: it carries `error`, the run fails with it, and every other unfinished step
    /// is cancelled (their workers stop at their next write). Results already published stay.
    public static func failStep(_ run: Run, _ index: Int, error: RunError, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        _ = try heldStep(run, index, by: worker, in: [.queued, .processing, .finishing])
        var next = run
        next.steps[index].fail(error, now: now)
        end(&next, status: .failed, error: runError(run, failedStep: index, error), now: now, othersGet: earlierStepFailed)
        return next
    }

    /// The job's error when a step fails: the step's own, and in a workflow the step named by its
    /// ref and kind (`captions (subtitles): …`), since any of many steps may be the one.
    static func runError(_ run: Run, failedStep index: Int, _ error: RunError) -> RunError {
        guard run.isWorkflow, let ref = run.steps[index].ref else { return error }
        return RunError(error.kind, "\(ref) (\(run.steps[index].kind.rawValue)): \(error.message)")
    }

    /// Cancelled by request: a queued or processing run and its unfinished steps end `cancelled`.
    public static func cancel(_ run: Run, now: Int64) throws(LifecycleRefusal) -> Run {
        switch run.status {
        case .cancelled: throw .alreadyCancelled
        case .succeeded, .failed: throw .notCancellable(run.status)
        case .queued, .processing: break
        }
        var next = run
        end(&next, status: .cancelled, error: cancelledByRequest, now: now, othersGet: cancelledByRequest)
        if run.isWorkflow {
            // What the run published on the server is removed with it; what went to a step's
            // own destination stays, and stays listed.
            let published = Set(run.steps.filter { $0.destination == nil }.compactMap(\.ref))
            next.outputs = JSONObject(next.outputs.fields.filter { !published.contains($0.key) })
            next.output = firstResult(of: next)
        }
        return next
    }

    /// The worker gives its steps back (it is shutting down): they wait again, with the steps of
    /// their chain that left files on its disk, and this attempt does not count.
    public static func release(_ run: Run, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        let held = try heldSteps(run, by: worker)
        let graph = RunGraph(run.steps)
        var next = run
        var chains = Set<Int>()
        for index in held { chains.formUnion(graph.chain(from: graph.head(of: index))) }
        for index in chains.sorted() {
            next.steps[index].reset(to: .waiting, keepingInput: !run.isJob, now: now)
            next.steps[index].lease = nil
            next.steps[index].attempts = max(run.steps[index].attempts - 1, 0)
        }
        next.outputs = JSONObject(next.outputs.fields.filter { field in
            !chains.contains { next.steps[$0].ref == field.key }
        })
        next.updatedAt = now
        settle(&next, now: now)
        return next
    }

    /// Ends every lease of the run now, so any worker may claim its steps at once (their worker is known to be gone).
    public static func expireLease(_ run: Run, now: Int64) throws(LifecycleRefusal) -> Run {
        guard run.status == .processing else { throw .notProcessing(run.status) }
        var next = run
        for index in next.steps.indices where next.steps[index].lease != nil {
            next.steps[index].lease?.expiresAt = now - 1
        }
        next.claimableAt = claimableAt(next)
        return next
    }

    // MARK: Shared rules

    /// The steps `worker` holds in the run; refused when it holds none.
    private static func heldSteps(_ run: Run, by worker: String) throws(LifecycleRefusal) -> [Int] {
        let held = run.steps.indices.filter { run.steps[$0].lease?.owner == worker && !run.steps[$0].status.isFinished }
        guard run.status == .processing, !held.isEmpty else { throw .notHeld }
        return held
    }

    /// The step, when the worker holds it and it is in one of `statuses`.
    private static func heldStep(_ run: Run, _ index: Int, by worker: String, in statuses: Set<TaskStatus>) throws(LifecycleRefusal) -> Step {
        guard run.status == .processing else { throw .notHeld }
        let step = try stepAt(run, index)
        // A finished step is held by nobody: what it is in is the refusal's reason.
        guard step.status.isFinished || step.lease?.owner == worker else { throw .notHeld }
        guard statuses.contains(step.status) else { throw .stepNotInState(index, step.status) }
        return step
    }

    private static func stepAt(_ run: Run, _ index: Int) throws(LifecycleRefusal) -> Step {
        guard run.steps.indices.contains(index) else { throw .noSuchStep(index) }
        return run.steps[index]
    }

    /// A workflow's output: the result of its first step (in the order of its tasks) that has one in `outputs`.
    private static func firstResult(of run: Run) -> String? {
        run.steps.compactMap(\.ref).compactMap { run.outputs[$0]?.stringValue }.first
    }

    /// What is derived from the steps: the run's status (succeeded once every step has finished,
    /// processing once one was claimed), its output (a workflow's first result; otherwise the
    /// last step's) and when a step may next be claimed.
    static func settle(_ run: inout Run, now: Int64) {
        guard !run.status.isFinished else { return }
        if run.isWorkflow {
            run.output = firstResult(of: run)
        } else if !RunGraph(run.steps).lastSteps.allSatisfy({ run.steps[$0].status == .succeeded }) {
            run.output = nil
        }
        if run.steps.allSatisfy({ $0.status.isFinished }) {
            run.status = .succeeded
            run.error = nil
            run.finishedAt = now
            run.updatedAt = now
            for index in run.steps.indices { run.steps[index].lease = nil }
        } else {
            let started = run.steps.contains { $0.lease != nil || $0.status == .succeeded }
            run.status = started ? .processing : .queued
        }
        run.claimableAt = claimableAt(run)
    }

    /// `object` with `key` set to `value`, its keys in the order of the steps' refs.
    private static func setting(_ object: JSONObject, _ key: String, to value: JSONValue, order steps: [Step]) -> JSONObject {
        JSONObject(steps.compactMap(\.ref).compactMap { ref in
            let current = ref == key ? value : object[ref]
            return current.map { JSONField(ref, $0) }
        })
    }

    /// The run ends with `status`; every step that had not finished is cancelled with `othersGet`.
    private static func end(_ run: inout Run, status: RunStatus, error: RunError?, now: Int64, othersGet cancelled: RunError) {
        run.status = status
        run.error = error
        run.claimableAt = nil
        run.finishedAt = now
        run.updatedAt = now
        for index in run.steps.indices {
            run.steps[index].lease = nil
            if !run.steps[index].status.isFinished { run.steps[index].end(.cancelled, error: cancelled, now: now) }
        }
    }
}

/// Why a transition was refused.
public enum LifecycleRefusal: Error, Sendable, Equatable {
    /// Only unfinished runs can be claimed.
    case notClaimable(RunStatus)
    /// No step is ready, and the leases of the running ones have not run out.
    case leaseHeld
    /// The worker does not hold the step (its lease was taken over, or the run ended or was cancelled).
    case notHeld
    case noSuchStep(Int)
    case stepNotInState(Int, TaskStatus)
    case alreadyCancelled
    case notCancellable(RunStatus)
    case notProcessing(RunStatus)
}

extension Step {
    mutating func fail(_ error: RunError, now: Int64) {
        status = .failed
        self.error = error
        progress = nil
        lease = nil
        if startedAt == nil { startedAt = now }
        finishedAt = now
        updatedAt = now
    }

    /// Ends a step that will not run (or not on), with why.
    mutating func end(_ status: TaskStatus, error: RunError, now: Int64) {
        self.status = status
        self.error = error
        progress = nil
        lease = nil
        finishedAt = now
        updatedAt = now
    }

    /// Back to the start for another attempt; a standalone task keeps the input it was given.
    mutating func reset(to status: TaskStatus, keepingInput: Bool, now: Int64) {
        self.status = status
        progress = nil
        if !keepingInput { input = .null }
        output = .null
        error = nil
        startedAt = nil
        finishedAt = nil
        updatedAt = now
    }
}
