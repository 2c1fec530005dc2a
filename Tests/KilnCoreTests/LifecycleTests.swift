import KilnCore
import Testing

/// Every transition of `Lifecycle` from every state a run can be in: which are allowed, what
/// each refusal is, and what an allowed one leaves behind; then the step-level rules of runs
/// whose steps run on several workers at once (workflows).
struct LifecycleTests {
    static let now: Int64 = 1_000_000
    static let lease: Int64 = 30_000

    /// The states, by name.
    static let states: [String: Run] = {
        let queued = fixture()
        let claimed = try! Lifecycle.claim(queued, worker: "w", now: now, leaseMillis: lease, maximumAttempts: 3).run
        let started = try! Lifecycle.startStep(claimed, 0, input: nil, reportsProgress: true, worker: "w", now: now)
        let finishing = try! Lifecycle.finishing(started, 0, worker: "w", now: now)
        let firstDone = try! Lifecycle.succeedStep(started, 0, output: "out", worker: "w", now: now)
        var succeeded = claimed
        for index in succeeded.steps.indices {
            succeeded = try! Lifecycle.startStep(succeeded, index, input: nil, reportsProgress: false, worker: "w", now: now)
            succeeded = try! Lifecycle.succeedStep(succeeded, index, output: .null, url: "https://o", worker: "w", now: now)
        }
        var expired = claimed
        for index in expired.steps.indices { expired.steps[index].lease = Lease(owner: "w", expiresAt: now - 1) }
        expired.claimableAt = Lifecycle.claimableAt(expired)
        var exhausted = expired
        for index in exhausted.steps.indices { exhausted.steps[index].attempts = 3 }
        return [
            "queued": queued, "claimed": claimed, "started": started, "finishing": finishing, "firstDone": firstDone,
            "expired": expired, "exhausted": exhausted, "succeeded": succeeded,
            "failed": try! Lifecycle.failStep(started, 0, error: RunError("encode_failed", "x"), worker: "w", now: now),
            "cancelled": try! Lifecycle.cancel(claimed, now: now),
        ]
    }()

    /// A job of kind video: probe → import → video → export, each after the one before.
    static func fixture() -> Run {
        var previous: String?
        let steps = ["probe", "import", "video", "export"].enumerated().map { index, kind in
            defer { previous = "task_\(index)" }
            return Step(
                id: "task_\(index)", projectID: "p", runID: "job_1", jobID: "job_1", kind: StepKind(kind), createdBy: "job_1", createdAt: 0,
                updatedAt: 0, after: previous.map { [$0] } ?? []
            )
        }
        return Run(
            id: "job_1", projectID: "p", job: JobFields(kind: .video, options: JSONObject(), metadata: JSONObject()),
            input: "https://example.com/a.mp4", steps: steps, createdAt: 0, updatedAt: 0
        )
    }

    /// The transitions, by name; "w" holds the claimed states, "x" is another worker.
    static let transitions: [String: @Sendable (Run) throws(LifecycleRefusal) -> Run] = [
        "claim": { run throws(LifecycleRefusal) in try Lifecycle.claim(run, worker: "x", now: now, leaseMillis: lease, maximumAttempts: 3).run },
        "renew": { run throws(LifecycleRefusal) in try Lifecycle.renew(run, worker: "w", now: now + 1, leaseMillis: lease) },
        "renewByOther": { run throws(LifecycleRefusal) in try Lifecycle.renew(run, worker: "x", now: now + 1, leaseMillis: lease) },
        "start": { run throws(LifecycleRefusal) in try Lifecycle.startStep(run, 0, input: "in", reportsProgress: true, worker: "w", now: now + 1) },
        "startMissing": { run throws(LifecycleRefusal) in try Lifecycle.startStep(run, 9, input: nil, reportsProgress: true, worker: "w", now: now + 1) },
        "progress": { run throws(LifecycleRefusal) in try Lifecycle.progress(run, 0, percent: 42, worker: "w", now: now + 1) },
        "finishing": { run throws(LifecycleRefusal) in try Lifecycle.finishing(run, 0, worker: "w", now: now + 1) },
        "succeed": { run throws(LifecycleRefusal) in try Lifecycle.succeedStep(run, 0, output: "out", worker: "w", now: now + 1) },
        "fail": { run throws(LifecycleRefusal) in try Lifecycle.failStep(run, 0, error: RunError("encode_failed", "x"), worker: "w", now: now + 1) },
        "cancel": { run throws(LifecycleRefusal) in try Lifecycle.cancel(run, now: now + 1) },
        "release": { run throws(LifecycleRefusal) in try Lifecycle.release(run, worker: "w", now: now + 1) },
        "expire": { run throws(LifecycleRefusal) in try Lifecycle.expireLease(run, now: now + 1) },
    ]

    enum Expected: Sendable, Equatable {
        case allowed
        case refused(LifecycleRefusal)
    }

    /// The whole matrix: every transition from every state.
    static let table: [String: [String: Expected]] = {
        let held = ["claimed", "started", "finishing", "firstDone", "expired", "exhausted"]
        let ended: [String: RunStatus] = ["succeeded": .succeeded, "failed": .failed, "cancelled": .cancelled]
        var table: [String: [String: Expected]] = [:]
        func set(_ transition: String, _ state: String, _ expected: Expected) { table[transition, default: [:]][state] = expected }
        for state in states.keys {
            let isHeld = held.contains(state)
            let notHeld = Expected.refused(.notHeld)
            switch state {
            case "queued", "expired", "exhausted": set("claim", state, .allowed)
            case "claimed", "started", "finishing", "firstDone": set("claim", state, .refused(.leaseHeld))
            default: set("claim", state, .refused(.notClaimable(ended[state]!)))
            }
            set("renew", state, isHeld ? .allowed : notHeld)
            set("renewByOther", state, notHeld)
            set("startMissing", state, isHeld ? .refused(.noSuchStep(9)) : notHeld)
            let stepStatus = states[state]!.steps[0].status
            let wrongStep = Expected.refused(.stepNotInState(0, stepStatus))
            set("start", state, !isHeld ? notHeld : stepStatus == .queued ? .allowed : wrongStep)
            set("progress", state, !isHeld ? notHeld : [.processing, .finishing].contains(stepStatus) ? .allowed : wrongStep)
            set("finishing", state, !isHeld ? notHeld : stepStatus == .processing ? .allowed : wrongStep)
            set("succeed", state, !isHeld ? notHeld : [.processing, .finishing].contains(stepStatus) ? .allowed : wrongStep)
            set("fail", state, !isHeld ? notHeld : stepStatus.isFinished ? wrongStep : .allowed)
            switch state {
            case "cancelled": set("cancel", state, .refused(.alreadyCancelled))
            case "succeeded", "failed": set("cancel", state, .refused(.notCancellable(ended[state]!)))
            default: set("cancel", state, .allowed)
            }
            set("release", state, isHeld ? .allowed : notHeld)
            set("expire", state, state == "queued" ? .refused(.notProcessing(.queued)) : ended[state].map { .refused(.notProcessing($0)) } ?? .allowed)
        }
        return table
    }()

    struct Case: Sendable, CustomTestStringConvertible {
        let transition: String
        let state: String
        let expected: Expected
        var testDescription: String { "\(transition) from \(state)" }
    }

    static let cases: [Case] = table.flatMap { transition, row in
        row.map { Case(transition: transition, state: $0.key, expected: $0.value) }
    }.sorted { ($0.transition, $0.state) < ($1.transition, $1.state) }

    @Test func theTableCoversEveryTransitionFromEveryState() {
        #expect(Self.cases.count == Self.transitions.count * Self.states.count)
    }

    @Test(arguments: cases) func transition(_ c: Case) throws {
        let before = try #require(Self.states[c.state])
        let change = try #require(Self.transitions[c.transition])
        switch c.expected {
        case .refused(let refusal):
            #expect(throws: refusal) { try change(before) }
        case .allowed:
            let after = try change(before)
            try Self.checkAllowed(c.transition, before: before, after: after)
            #expect(after.claimableAt == Lifecycle.claimableAt(after), "claimableAt is derived after every transition")
        }
    }

    /// What each allowed transition must leave behind.
    static func checkAllowed(_ transition: String, before: Run, after: Run) throws {
        let noLeases = after.steps.allSatisfy { $0.lease == nil }
        switch transition {
        case "claim":
            if before.steps[0].attempts >= 3 {
                #expect(after.status == .failed && after.error?.kind == "worker_lost" && noLeases && after.claimableAt == nil)
                #expect(after.steps.filter { $0.status == .failed }.count == 1, "the interrupted step carries the error")
                #expect(after.steps.filter { $0.error?.kind == "worker_lost" }.count == 1)
            } else {
                #expect(after.status == .processing && after.startedAt != nil && after.output == nil)
                #expect(after.steps.allSatisfy { $0.lease == Lease(owner: "x", expiresAt: now + lease) }, "a linear job is one chain")
                #expect(zip(before.steps, after.steps).allSatisfy { $1.attempts == $0.attempts + 1 })
                #expect(after.steps.allSatisfy { $0.status == .queued && $0.progress == nil && $0.startedAt == nil })
                #expect(after.claimableAt == now + lease + 1, "next claimable when the lease runs out")
            }
        case "renew":
            #expect(after.steps.allSatisfy { $0.status.isFinished || $0.lease == Lease(owner: "w", expiresAt: now + 1 + lease) })
        case "start":
            #expect(after.steps[0].status == .processing && after.steps[0].progress == 0 && after.steps[0].input == "in")
        case "progress":
            #expect(after.steps[0].progress == 42)
        case "finishing":
            #expect(after.steps[0].status == .finishing)
        case "succeed":
            #expect(after.steps[0].status == .succeeded && after.steps[0].output == "out" && after.steps[0].progress == 100)
            #expect(after.steps[0].lease == nil && after.status == .processing, "the run goes on")
        case "fail":
            #expect(after.status == .failed && after.error?.kind == "encode_failed" && noLeases && after.claimableAt == nil)
            #expect(after.steps[0].status == .failed)
            #expect(after.steps[1...].allSatisfy { $0.status == .cancelled && $0.error == Lifecycle.earlierStepFailed })
        case "cancel":
            #expect(after.status == .cancelled && after.error == Lifecycle.cancelledByRequest && noLeases && after.claimableAt == nil)
            #expect(after.steps.allSatisfy { $0.status.isFinished })
            #expect(zip(before.steps, after.steps).allSatisfy { $0.status == .succeeded ? $1.status == .succeeded : $1.status == .cancelled })
        case "release":
            #expect(after.status == .queued && noLeases && after.claimableAt == 0)
            #expect(zip(before.steps, after.steps).allSatisfy { $1.attempts == $0.attempts - 1 })
            #expect(after.steps.allSatisfy { $0.status == .waiting && $0.output == .null && $0.input == .null }, "the chain starts over")
        case "expire":
            #expect(after.steps.allSatisfy { $0.lease == nil || $0.lease?.expiresAt == now } && Lifecycle.isClaimable(after, now: now + 1))
        default:
            Issue.record("no check for \(transition)")
        }
    }

    @Test func theRunSucceedsWithItsLastStepAndCarriesItsURL() throws {
        let done = try #require(Self.states["succeeded"])
        #expect(done.status == .succeeded && done.output == "https://o" && done.finishedAt == Self.now && done.claimableAt == nil)
        #expect(done.outputs.isEmpty, "only workflow steps have refs")
    }

    @Test func aStandaloneTaskKeepsItsInputWhenItStartsOver() throws {
        var run = Self.fixture()
        run.job = nil
        run.steps = [run.steps[0]]
        run.steps[0].input = ["object": "external_file", "url": "https://example.com/a.mp4"]
        let claimed = try Lifecycle.claim(run, worker: "w", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run
        let released = try Lifecycle.release(claimed, worker: "w", now: Self.now + 1)
        #expect(released.steps[0].input == run.steps[0].input)
        #expect(Lifecycle.workerLost(run, attempts: 2).message.contains("the task was interrupted 2 times"))
    }

    // MARK: Steps on several workers

    /// probe → import, then `web` and `poster` after the import, a gate after the import and
    /// `hls` after the gate.
    static func workflow() -> Run {
        func step(_ index: Int, _ kind: StepKind, after: Int?, ref: String? = nil) -> Step {
            Step(
                id: "task_\(index)", projectID: "p", runID: "job_w", jobID: "job_w", kind: kind, createdBy: "job_w", createdAt: 0, updatedAt: 0,
                ref: ref, after: after.map { ["task_\($0)"] } ?? []
            )
        }
        return Run(
            id: "job_w", projectID: "p", job: JobFields(kind: .workflow, options: JSONObject(), metadata: JSONObject(), workflow: []),
            input: "https://example.com/a.mp4",
            steps: [
                step(0, .probe, after: nil), step(1, .import, after: 0), step(2, .video, after: 1, ref: "web"),
                step(3, .image, after: 1, ref: "poster"), step(4, .conditions, after: 1), step(5, .adaptiveVideo, after: 4, ref: "hls"),
            ],
            createdAt: 0, updatedAt: 0
        )
    }

    /// Claims as `worker` and runs the claimed steps to success (each publishing `https://<ref>`).
    static func claimAndSucceed(_ run: Run, worker: String, skipping: RunError? = nil) throws -> (Run, [Int]) {
        guard case .claimed(var next, let steps) = try Lifecycle.claim(run, worker: worker, now: now, leaseMillis: lease, maximumAttempts: 3) else {
            throw TestFailure("not claimed")
        }
        for index in steps {
            next = try Lifecycle.startStep(next, index, input: nil, reportsProgress: false, worker: worker, now: now)
            let url = next.steps[index].ref.map { "https://\($0)" }
            next = try Lifecycle.succeedStep(next, index, output: .null, url: url, skipping: skipping, worker: worker, now: now)
        }
        return (next, steps)
    }

    struct TestFailure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    @Test func stepsAfterTheImportAreClaimedByDifferentWorkersAtOnce() throws {
        let (imported, first) = try Self.claimAndSucceed(Self.workflow(), worker: "w1")
        #expect(first == [0, 1], "the import continues on the probe's worker")
        #expect(imported.status == .processing && imported.claimableAt == 0)
        var run = imported
        var claims: [[Int]] = []
        for worker in ["w2", "w3", "w4"] {
            guard case .claimed(let next, let steps) = try Lifecycle.claim(run, worker: worker, now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3) else {
                Issue.record("no claim")
                return
            }
            run = next
            claims.append(steps)
        }
        #expect(claims == [[2], [3], [4, 5]], "each chain to its own worker; the gate's one step continues on its worker")
        #expect(run.claimableAt == Self.now + Self.lease + 1)
        #expect(throws: LifecycleRefusal.leaseHeld) { try Lifecycle.claim(run, worker: "w5", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3) }
        #expect(throws: LifecycleRefusal.notHeld, "a worker runs only the steps it holds") {
            try Lifecycle.startStep(run, 3, input: nil, reportsProgress: true, worker: "w2", now: Self.now)
        }
    }

    @Test func aWorkflowSucceedsWhenEveryStepHasAndListsItsOutputsByRef() throws {
        var (run, _) = try Self.claimAndSucceed(Self.workflow(), worker: "w1")
        (run, _) = try Self.claimAndSucceed(run, worker: "w3")  // web
        #expect(run.output == "https://web" && run.outputs == JSONObject([JSONField("web", "https://web")]))
        (run, _) = try Self.claimAndSucceed(run, worker: "w2")  // poster
        #expect(run.status == .processing)
        (run, _) = try Self.claimAndSucceed(run, worker: "w4")  // gate and hls
        #expect(run.status == .succeeded && run.claimableAt == nil)
        #expect(run.output == "https://web", "the job's output is its first step's result")
        #expect(run.outputs.keys == ["web", "poster", "hls"])
    }

    @Test func aGateThatDoesNotHoldCancelsTheStepsAfterItAndTheRunStillSucceeds() throws {
        var (run, _) = try Self.claimAndSucceed(Self.workflow(), worker: "w1")
        (run, _) = try Self.claimAndSucceed(run, worker: "w2")
        (run, _) = try Self.claimAndSucceed(run, worker: "w3")
        guard case .claimed(var gated, let steps) = try Lifecycle.claim(run, worker: "w4", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3) else { return }
        #expect(steps == [4, 5])
        gated = try Lifecycle.startStep(gated, 4, input: nil, reportsProgress: false, worker: "w4", now: Self.now)
        gated = try Lifecycle.succeedStep(gated, 4, output: ["matched": false], skipping: Lifecycle.conditionNotMet, worker: "w4", now: Self.now)
        #expect(gated.steps[5].status == .cancelled && gated.steps[5].error?.kind == "condition_not_met" && gated.steps[5].lease == nil)
        #expect(gated.status == .succeeded && gated.outputs.keys == ["web", "poster"])
    }

    @Test func aFailedStepFailsTheRunCancelsTheRunningOnesAndKeepsWhatSucceeded() throws {
        var (run, _) = try Self.claimAndSucceed(Self.workflow(), worker: "w1")
        (run, _) = try Self.claimAndSucceed(run, worker: "w2")  // web succeeded
        run = try Lifecycle.claim(run, worker: "w3", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run  // poster
        run = try Lifecycle.claim(run, worker: "w4", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run  // gate, hls
        run = try Lifecycle.startStep(run, 3, input: nil, reportsProgress: true, worker: "w3", now: Self.now)
        let failed = try Lifecycle.failStep(run, 3, error: RunError("encode_failed", "x"), worker: "w3", now: Self.now + 1)
        #expect(failed.status == .failed && failed.error == RunError("encode_failed", "poster (image): x"), "the job's error names the step")
        #expect(failed.steps[3].error == RunError("encode_failed", "x"), "the task's is its own")
        #expect(failed.steps[2].status == .succeeded && failed.outputs.keys == ["web"] && failed.output == "https://web")
        #expect(failed.steps[4...].allSatisfy { $0.status == .cancelled && $0.error == Lifecycle.earlierStepFailed && $0.lease == nil })
        #expect(throws: LifecycleRefusal.notHeld, "the other workers learn at their next write") {
            try Lifecycle.renew(failed, worker: "w4", now: Self.now + 2, leaseMillis: Self.lease)
        }
    }

    /// A cancel removes what the run published on the server, so its `outputs` and `output` stop
    /// naming those results (they would answer 404); results sent to the client's own storage stay.
    @Test func aCancelledWorkflowListsOnlyTheResultsItSentToItsDestinations() throws {
        var workflow = Self.workflow()
        workflow.steps[3].destination = "s3://media/{id}/poster.{ext}"
        var (run, _) = try Self.claimAndSucceed(workflow, worker: "w1")
        (run, _) = try Self.claimAndSucceed(run, worker: "w2")  // web, on this server
        (run, _) = try Self.claimAndSucceed(run, worker: "w3")  // poster, to its destination
        #expect(run.outputs.keys == ["web", "poster"] && run.output == "https://web")
        let cancelled = try Lifecycle.cancel(run, now: Self.now + 1)
        #expect(cancelled.status == .cancelled && cancelled.outputs.keys == ["poster"])
        #expect(cancelled.output == "https://poster", "the job's output is its first result still listed")
        (run, _) = try Self.claimAndSucceed(Self.workflow(), worker: "w1")
        (run, _) = try Self.claimAndSucceed(run, worker: "w2")
        let none = try Lifecycle.cancel(run, now: Self.now + 1)
        #expect(none.outputs.isEmpty && none.output == nil)
    }

    @Test func aStepWhoseWorkerDiedRunsAgainAloneAndAChainFromItsHead() throws {
        var (run, _) = try Self.claimAndSucceed(Self.workflow(), worker: "w1")
        run = try Lifecycle.claim(run, worker: "w2", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run  // web
        run = try Lifecycle.claim(run, worker: "w3", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run  // poster
        run = try Lifecycle.claim(run, worker: "w4", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run  // gate, hls
        run = try Lifecycle.startStep(run, 4, input: nil, reportsProgress: false, worker: "w4", now: Self.now)
        run = try Lifecycle.succeedStep(run, 4, output: ["matched": true], worker: "w4", now: Self.now)
        run = try Lifecycle.startStep(run, 5, input: nil, reportsProgress: true, worker: "w4", now: Self.now)
        // w3 and w4 die; w2 keeps renewing.
        run = try Lifecycle.renew(run, worker: "w2", now: Self.now + Self.lease, leaseMillis: Self.lease)
        let later = Self.now + Self.lease + 5
        guard case .claimed(let retaken, let steps) = try Lifecycle.claim(run, worker: "w5", now: later, leaseMillis: Self.lease, maximumAttempts: 3) else { return }
        #expect(steps == [3], "the poster alone")
        #expect(retaken.steps[2].lease?.owner == "w2" && retaken.steps[0].status == .succeeded && retaken.steps[1].status == .succeeded)
        guard case .claimed(let again, let chain) = try Lifecycle.claim(retaken, worker: "w6", now: later, leaseMillis: Self.lease, maximumAttempts: 3) else { return }
        #expect(chain == [4, 5], "hls read files of its gate's worker: the chain starts over from its head")
        #expect(again.steps[4].status == .queued && again.steps[4].attempts == 2 && again.steps[5].status == .queued)
    }

    @Test func theClaimsThatWaitAreAQueuedRunsFirstStepAndAWorkflowsReadySteps() throws {
        let queued = Self.workflow()
        #expect(Lifecycle.waitingClaims(queued, now: Self.now) == [0], "a queued run waits as one claim since it was created")
        let claimed = try Lifecycle.claim(queued, worker: "w1", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run
        #expect(Lifecycle.waitingClaims(claimed, now: Self.now).isEmpty, "the probe and import are held; nothing else is ready")
        var (imported, _) = try Self.claimAndSucceed(queued, worker: "w1")
        imported.steps[1].finishedAt = Self.now + 7
        #expect(Lifecycle.waitingClaims(imported, now: Self.now + 8) == [Self.now + 7, Self.now + 7, Self.now + 7],
                "web, poster, and the gate with hls (one chain), each since the import finished")
        let one = try Lifecycle.claim(imported, worker: "w2", now: Self.now + 8, leaseMillis: Self.lease, maximumAttempts: 3).run
        #expect(Lifecycle.waitingClaims(one, now: Self.now + 8).count == 2)
        let expiry = Self.now + 8 + Self.lease
        #expect(Lifecycle.waitingClaims(one, now: expiry + 1) == [expiry, Self.now + 7, Self.now + 7], "a step whose worker died waits since its lease ran out")
        #expect(Lifecycle.waitingClaims(try Lifecycle.cancel(one, now: Self.now + 9), now: Self.now + 9).isEmpty)
    }

    @Test func claimableAtFollowsTheSteps() throws {
        let queued = Self.workflow()
        #expect(Lifecycle.claimableAt(queued) == 0)
        let claimed = try Lifecycle.claim(queued, worker: "w", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run
        #expect(claimed.claimableAt == Self.now + Self.lease + 1, "nothing else is ready until the import succeeds")
        #expect(Lifecycle.isClaimable(claimed, now: Self.now + Self.lease + 1) && !Lifecycle.isClaimable(claimed, now: Self.now + Self.lease))
    }
}
