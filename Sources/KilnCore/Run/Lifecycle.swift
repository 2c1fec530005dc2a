/// Every change of a run's state, as pure functions from the run before to the run after, or a
/// refusal. The stores persist what these return under the lease guard; no status rule or
/// message lives anywhere else.
public enum Lifecycle {
    /// What a claim did: the run is now the worker's, or it had been interrupted too often and
    /// failed instead.
    public enum Claim: Sendable, Equatable {
        case claimed(Run)
        case exhausted(Run)

        public var run: Run {
            switch self {
            case .claimed(let run), .exhausted(let run): return run
            }
        }
    }

    public static let cancelledByRequest = RunError("cancelled", "cancelled by request")
    public static let earlierStepFailed = RunError("cancelled", "an earlier task of this job failed")

    public static func workerLost(_ run: Run) -> RunError {
        RunError(
            "worker_lost",
            "the \(run.isJob ? "job" : "task") was interrupted \(run.attempts) times (its worker stopped while running it); it will not be retried"
        )
    }

    /// Whether a worker may claim the run now: it is queued, or processing under a lease that ran out.
    public static func isClaimable(_ run: Run, now: Int64) -> Bool {
        switch run.status {
        case .queued: return true
        case .processing: return (run.lease?.expiresAt ?? Int64.min) < now
        case .succeeded, .failed, .cancelled: return false
        }
    }

    /// Gives the run to `worker` for `leaseMillis`; every step starts over as `queued`. A run
    /// already claimed `maximumAttempts` times fails with `worker_lost` instead, the step that
    /// was running carrying that error.
    public static func claim(_ run: Run, worker: String, now: Int64, leaseMillis: Int64, maximumAttempts: Int) throws(LifecycleRefusal) -> Claim {
        guard isClaimable(run, now: now) else {
            throw run.status == .processing ? .leaseHeld : .notClaimable(run.status)
        }
        var next = run
        next.updatedAt = now
        if run.attempts >= maximumAttempts {
            let error = workerLost(run)
            let interrupted = run.steps.firstIndex { $0.status == .processing || $0.status == .finishing }
                ?? run.steps.firstIndex { !$0.status.isFinished }
            if let interrupted { next.steps[interrupted].fail(error, now: now) }
            end(&next, status: .failed, error: error, now: now, othersGet: earlierStepFailed)
            return .exhausted(next)
        }
        next.status = .processing
        next.lease = Lease(owner: worker, expiresAt: now + leaseMillis)
        next.attempts += 1
        next.startedAt = run.startedAt ?? now
        next.error = nil
        next.output = nil
        for index in next.steps.indices { next.steps[index].reset(to: .queued, keepingInput: !run.isJob, now: now) }
        return .claimed(next)
    }

    /// Extends the worker's lease.
    public static func renew(_ run: Run, worker: String, now: Int64, leaseMillis: Int64) throws(LifecycleRefusal) -> Run {
        try requireHeld(run, by: worker)
        var next = run
        next.lease = Lease(owner: worker, expiresAt: now + leaseMillis)
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
        next.steps[index].progress = reportsProgress ? 0 : nil
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

    /// A step succeeded with `output`; progress, where it is reported, reads 100.
    public static func succeedStep(_ run: Run, _ index: Int, output: JSONValue, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        let step = try heldStep(run, index, by: worker, in: [.processing, .finishing])
        var next = run
        next.steps[index].status = .succeeded
        next.steps[index].output = output
        if step.progress != nil { next.steps[index].progress = 100 }
        next.steps[index].finishedAt = now
        next.steps[index].updatedAt = now
        next.updatedAt = now
        return next
    }

    /// A step failed: it carries `error`, the run fails with it, and the steps after it are cancelled.
    public static func failStep(_ run: Run, _ index: Int, error: RunError, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        try requireHeld(run, by: worker)
        let step = try stepAt(run, index)
        guard !step.status.isFinished else { throw .stepNotInState(index, step.status) }
        var next = run
        next.steps[index].fail(error, now: now)
        end(&next, status: .failed, error: error, now: now, othersGet: earlierStepFailed)
        return next
    }

    /// The run succeeded: every step has, and `output` is where its result is.
    public static func finish(_ run: Run, output: String?, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        try requireHeld(run, by: worker)
        guard run.steps.allSatisfy({ $0.status == .succeeded }) else { throw .stepsUnfinished }
        var next = run
        next.output = output
        end(&next, status: .succeeded, error: nil, now: now, othersGet: earlierStepFailed)
        return next
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
        return next
    }

    /// The worker gives the run back (it is shutting down): queued again, from the start, and
    /// this attempt does not count.
    public static func release(_ run: Run, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        try requireHeld(run, by: worker)
        var next = run
        next.status = .queued
        next.lease = nil
        next.attempts = max(run.attempts - 1, 0)
        next.updatedAt = now
        for index in next.steps.indices { next.steps[index].reset(to: .waiting, keepingInput: !run.isJob, now: now) }
        return next
    }

    /// Ends the lease now, so any worker may claim the run at once (its worker is known to be gone).
    public static func expireLease(_ run: Run, now: Int64) throws(LifecycleRefusal) -> Run {
        guard run.status == .processing else { throw .notProcessing(run.status) }
        var next = run
        next.lease = Lease(owner: run.lease?.owner ?? "", expiresAt: now - 1)
        return next
    }

    // MARK: Shared rules

    private static func requireHeld(_ run: Run, by worker: String) throws(LifecycleRefusal) {
        guard run.status == .processing, run.lease?.owner == worker else { throw .notHeld }
    }

    /// The step, when the worker holds the run and the step is in one of `statuses`.
    private static func heldStep(_ run: Run, _ index: Int, by worker: String, in statuses: Set<TaskStatus>) throws(LifecycleRefusal) -> Step {
        try requireHeld(run, by: worker)
        let step = try stepAt(run, index)
        guard statuses.contains(step.status) else { throw .stepNotInState(index, step.status) }
        return step
    }

    private static func stepAt(_ run: Run, _ index: Int) throws(LifecycleRefusal) -> Step {
        guard run.steps.indices.contains(index) else { throw .noSuchStep(index) }
        return run.steps[index]
    }

    /// The run ends with `status`; every step that had not finished is cancelled with `othersGet`.
    private static func end(_ run: inout Run, status: RunStatus, error: RunError?, now: Int64, othersGet cancelled: RunError) {
        run.status = status
        run.error = error
        run.lease = nil
        run.finishedAt = now
        run.updatedAt = now
        for index in run.steps.indices where !run.steps[index].status.isFinished {
            run.steps[index].status = .cancelled
            run.steps[index].error = cancelled
            run.steps[index].progress = nil
            run.steps[index].finishedAt = now
            run.steps[index].updatedAt = now
        }
    }
}

/// Why a transition was refused.
public enum LifecycleRefusal: Error, Sendable, Equatable {
    /// Only queued runs, and processing ones whose lease ran out, can be claimed.
    case notClaimable(RunStatus)
    /// Another worker's lease has not run out.
    case leaseHeld
    /// The worker does not hold the run (its lease was taken over, or the run ended or was cancelled).
    case notHeld
    case noSuchStep(Int)
    case stepNotInState(Int, TaskStatus)
    /// A run succeeds only when every step has.
    case stepsUnfinished
    case alreadyCancelled
    case notCancellable(RunStatus)
    case notProcessing(RunStatus)
}

extension Step {
    mutating func fail(_ error: RunError, now: Int64) {
        status = .failed
        self.error = error
        progress = nil
        if startedAt == nil { startedAt = now }
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
