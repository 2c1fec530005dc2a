import KilnCore
import Testing

/// Every transition of `Lifecycle` from every state a run can be in: which are allowed, what
/// each refusal is, and what an allowed one leaves behind.
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
        var allDone = claimed
        for index in allDone.steps.indices {
            allDone = try! Lifecycle.startStep(allDone, index, input: nil, reportsProgress: false, worker: "w", now: now)
            allDone = try! Lifecycle.succeedStep(allDone, index, output: .null, worker: "w", now: now)
        }
        var expired = claimed
        expired.lease = Lease(owner: "w", expiresAt: now - 1)
        var exhausted = expired
        exhausted.attempts = 3
        return [
            "queued": queued, "claimed": claimed, "started": started, "finishing": finishing, "firstDone": firstDone,
            "allDone": allDone, "expired": expired, "exhausted": exhausted,
            "succeeded": try! Lifecycle.finish(allDone, output: "https://o", worker: "w", now: now),
            "failed": try! Lifecycle.failStep(started, 0, error: RunError("encode_failed", "x"), worker: "w", now: now),
            "cancelled": try! Lifecycle.cancel(claimed, now: now),
        ]
    }()

    static func fixture() -> Run {
        let steps = ["probe", "import", "video", "export"].enumerated().map { index, kind in
            Step(id: "task_\(index)", projectID: "p", runID: "job_1", jobID: "job_1", kind: StepKind(kind), createdBy: "job_1", createdAt: 0, updatedAt: 0)
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
        "finish": { run throws(LifecycleRefusal) in try Lifecycle.finish(run, output: "https://o", worker: "w", now: now + 1) },
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
        let held = ["claimed", "started", "finishing", "firstDone", "allDone", "expired", "exhausted"]
        let ended: [String: RunStatus] = ["succeeded": .succeeded, "failed": .failed, "cancelled": .cancelled]
        var table: [String: [String: Expected]] = [:]
        func set(_ transition: String, _ state: String, _ expected: Expected) { table[transition, default: [:]][state] = expected }
        for state in states.keys {
            let isHeld = held.contains(state)
            let notHeld = Expected.refused(.notHeld)
            // claim
            switch state {
            case "queued", "expired", "exhausted": set("claim", state, .allowed)
            case "claimed", "started", "finishing", "firstDone", "allDone": set("claim", state, .refused(.leaseHeld))
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
            set("finish", state, !isHeld ? notHeld : state == "allDone" ? .allowed : .refused(.stepsUnfinished))
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
        }
    }

    /// What each allowed transition must leave behind.
    static func checkAllowed(_ transition: String, before: Run, after: Run) throws {
        switch transition {
        case "claim":
            if before.attempts >= 3 {
                #expect(after.status == .failed && after.error?.kind == "worker_lost" && after.lease == nil)
                #expect(after.steps.filter { $0.status == .failed }.count == 1, "the interrupted step carries the error")
                #expect(after.steps.filter { $0.error?.kind == "worker_lost" }.count == 1)
            } else {
                #expect(after.status == .processing && after.lease == Lease(owner: "x", expiresAt: now + lease))
                #expect(after.attempts == before.attempts + 1 && after.startedAt != nil && after.output == nil)
                #expect(after.steps.allSatisfy { $0.status == .queued && $0.progress == nil && $0.startedAt == nil })
            }
        case "renew":
            #expect(after.lease == Lease(owner: "w", expiresAt: now + 1 + lease))
        case "start":
            #expect(after.steps[0].status == .processing && after.steps[0].progress == 0 && after.steps[0].input == "in")
        case "progress":
            #expect(after.steps[0].progress == 42)
        case "finishing":
            #expect(after.steps[0].status == .finishing)
        case "succeed":
            #expect(after.steps[0].status == .succeeded && after.steps[0].output == "out" && after.steps[0].progress == 100)
            #expect(after.status == .processing, "the run goes on")
        case "fail":
            #expect(after.status == .failed && after.error?.kind == "encode_failed" && after.lease == nil)
            #expect(after.steps[0].status == .failed)
            #expect(after.steps[1...].allSatisfy { $0.status == .cancelled && $0.error == Lifecycle.earlierStepFailed })
        case "finish":
            #expect(after.status == .succeeded && after.output == "https://o" && after.finishedAt == now + 1 && after.lease == nil)
        case "cancel":
            #expect(after.status == .cancelled && after.error == Lifecycle.cancelledByRequest && after.lease == nil)
            #expect(after.steps.allSatisfy { $0.status.isFinished })
            #expect(zip(before.steps, after.steps).allSatisfy { $0.status == .succeeded ? $1 == $0 : $1.status == .cancelled })
        case "release":
            #expect(after.status == .queued && after.lease == nil && after.attempts == before.attempts - 1)
            #expect(after.steps.allSatisfy { $0.status == .waiting && $0.output == .null && $0.input == .null })
        case "expire":
            #expect(after.lease?.expiresAt == now && Lifecycle.isClaimable(after, now: now + 1))
        default:
            Issue.record("no check for \(transition)")
        }
    }

    @Test func aStandaloneTaskKeepsItsInputWhenItStartsOver() throws {
        var run = Self.fixture()
        run.job = nil
        run.steps = [run.steps[0]]
        run.steps[0].input = ["object": "external_file", "url": "https://example.com/a.mp4"]
        let claimed = try Lifecycle.claim(run, worker: "w", now: Self.now, leaseMillis: Self.lease, maximumAttempts: 3).run
        let released = try Lifecycle.release(claimed, worker: "w", now: Self.now + 1)
        #expect(released.steps[0].input == run.steps[0].input)
        #expect(Lifecycle.workerLost(run).message.contains("the task was interrupted"))
    }
}
