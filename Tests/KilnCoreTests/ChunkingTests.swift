import KilnCore
import Testing

/// Chunked `video` encodes (issue #16) in pure form: where the input is cut, how the run gains
/// its chunk steps after the import, and how those steps are claimed, re-run, cancelled and
/// counted in progress.
struct ChunkingTests {
    // MARK: Where the input is cut

    struct CutCase: Sendable, CustomTestStringConvertible {
        let name: String
        let keyframes: [Double]
        let start: Double, end: Double, every: Double
        let bounds: [Double]
        var testDescription: String { name }
    }

    static let cuts: [CutCase] = [
        CutCase(name: "not longer than the threshold: one chunk", keyframes: [0, 2, 4], start: 0, end: 120, every: 120, bounds: [0, 120]),
        CutCase(name: "threshold 0: one chunk", keyframes: [0, 2, 4], start: 0, end: 600, every: 0, bounds: [0, 600]),
        CutCase(name: "the keyframe nearest N seconds after the last cut", keyframes: [0, 1.2, 3.04, 5.48, 7.48, 9.68], start: 0, end: 10, every: 3, bounds: [0, 3.04, 5.48, 7.48, 10]),
        CutCase(name: "a keyframe too near the end is skipped", keyframes: [0, 2, 4, 9.9], start: 0, end: 10, every: 4, bounds: [0, 4, 10]),
        CutCase(name: "no keyframe inside: one chunk", keyframes: [0], start: 0, end: 600, every: 120, bounds: [0, 600]),
        CutCase(name: "a trimmed span starts and ends at the trim", keyframes: [0, 2, 4, 6, 8, 10, 12], start: 1, end: 11, every: 4, bounds: [1, 4, 8, 11]),
        CutCase(name: "sparse keyframes: the next cut counts from the last", keyframes: [0, 50, 300, 310], start: 0, end: 400, every: 100, bounds: [0, 50, 300, 400]),
        CutCase(name: "regular GOPs of 2 s, 10 min in 120 s", keyframes: stride(from: 0.0, to: 600, by: 2).map { $0 }, start: 0, end: 600, every: 120,
                bounds: [0, 120, 240, 360, 480, 600]),
    ]

    @Test(arguments: cuts) func chunksAreCutAtTheKeyframesNearestEveryNSeconds(_ c: CutCase) {
        let chunks = ChunkPlanner.chunks(keyframes: c.keyframes, start: c.start, end: c.end, every: c.every)
        #expect(([chunks.first?.start ?? -1] + chunks.map(\.end)) == c.bounds)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.end == $1.start }, "chunks tile the span")
    }

    struct ChunkableCase: Sendable, CustomTestStringConvertible {
        let name: String
        let kind: JobKind
        let options: String
        let trim: Trim?
        var testDescription: String { name }
    }

    static let chunkable: [ChunkableCase] = [
        ChunkableCase(name: "video, mp4, h264", kind: .video, options: "{}", trim: Trim()),
        ChunkableCase(name: "video, mov, h265, trimmed", kind: .video, options: #"{"format":"mov","codec":"h265","start":1,"end":9}"#, trim: Trim(start: 1, end: 9)),
        ChunkableCase(name: "video, webm: the concat demuxer does not join it", kind: .video, options: #"{"format":"webm","codec":"vp9"}"#, trim: nil),
        ChunkableCase(name: "video, av1", kind: .video, options: #"{"codec":"av1"}"#, trim: nil),
        ChunkableCase(name: "adaptive_video", kind: .adaptiveVideo, options: "{}", trim: Trim()),
        ChunkableCase(name: "adaptive_video, trimmed", kind: .adaptiveVideo, options: #"{"start":2,"end":30,"height":480}"#, trim: Trim(start: 2, end: 30)),
        ChunkableCase(name: "audio", kind: .audio, options: "{}", trim: nil),
        ChunkableCase(name: "animation", kind: .animation, options: #"{"end":5}"#, trim: nil),
    ]

    @Test(arguments: chunkable) func onlyVideoInContainersTheConcatDemuxerJoinsAndAdaptiveVideoAreChunked(_ c: ChunkableCase) throws {
        let options = try JobOptions.parse(JSONParser.parse(c.options).objectValue ?? JSONObject(), kind: c.kind)
        #expect(ChunkPlanner.chunkableTrim(options) == c.trim)
        let step = Step(id: "t", projectID: "p", runID: "r", jobID: "r", kind: StepKind(c.kind.rawValue), options: options.canonical, createdBy: "r", createdAt: 0, updatedAt: 0)
        let read = try ChunkPlanner.joiningOptions(of: step)
        #expect(read == ([.video, .adaptiveVideo].contains(c.kind) ? options : nil), "a step that may join chunks reads back its options")
    }

    // MARK: The run gains its chunks

    static let now = LifecycleTests.now
    static let ranges = [ChunkRange(start: 0, end: 3), ChunkRange(start: 3, end: 7), ChunkRange(start: 7, end: 10)]
    static let ids = ["task_c0", "task_c1", "task_c2"]

    /// A video job whose import just succeeded on worker "w", which still holds the encode and export.
    static func imported() throws -> Run {
        var run = try Lifecycle.claim(LifecycleTests.fixture(), worker: "w", now: now, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        for index in 0...1 {
            run = try Lifecycle.startStep(run, index, input: nil, reportsProgress: false, worker: "w", now: now)
            run = try Lifecycle.succeedStep(run, index, output: ["kind": "video"], worker: "w", now: now)
        }
        return run
    }

    static func chunked() throws -> Run {
        try Lifecycle.planChunks(try imported(), after: 1, plans: [ChunkPlan(encode: 2, ranges: ranges)], ids: ids, now: now + 1)
    }

    @Test func planningAddsOneStepPerChunkAfterTheImportAndTheEncodeJoinsThem() throws {
        let run = try Self.chunked()
        #expect(run.steps.map(\.kind.rawValue) == ["probe", "import", "video", "export", "video_chunk", "video_chunk", "video_chunk"])
        #expect(run.steps[4...].map(\.after) == [["task_1"], ["task_1"], ["task_1"]])
        #expect(run.steps[4...].map(\.id) == Self.ids)
        #expect(run.steps[5].options == VideoChunkOptions(index: 1, range: Self.ranges[1], encode: "task_2").canonical, "each piece names the task that joins it")
        #expect(run.steps[2].after == Self.ids, "the video step joins the chunks")
        #expect(run.steps[2...3].allSatisfy { $0.status == .waiting && $0.lease == nil && $0.attempts == 0 },
                "the encode and export the import's worker held wait, and their claim does not count")
        #expect(run.status == .processing && run.claimableAt == 0, "the chunks are ready at once")
        #expect(Lifecycle.chunks(joinedBy: 2, in: run) == [4, 5, 6])
        #expect(RunGraph(run.steps).lastSteps == [3], "the export's result is still the run's output")
    }

    @Test func anAdaptiveVideoStepJoinsItsChunksLikeAVideoStep() throws {
        var fixture = LifecycleTests.fixture()
        fixture.job?.kind = .adaptiveVideo
        fixture.steps[2].kind = .adaptiveVideo
        var run = try Lifecycle.claim(fixture, worker: "w", now: Self.now, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        for index in 0...1 {
            run = try Lifecycle.startStep(run, index, input: nil, reportsProgress: false, worker: "w", now: Self.now)
            run = try Lifecycle.succeedStep(run, index, output: ["kind": "video"], worker: "w", now: Self.now)
        }
        let chunked = try Lifecycle.planChunks(run, after: 1, plans: [ChunkPlan(encode: 2, ranges: Self.ranges)], ids: Self.ids, now: Self.now + 1)
        #expect(chunked.steps.map(\.kind.rawValue) == ["probe", "import", "adaptive_video", "export", "video_chunk", "video_chunk", "video_chunk"])
        #expect(chunked.steps[2].after == Self.ids && Lifecycle.chunks(joinedBy: 2, in: chunked) == [4, 5, 6])
        #expect(chunked.steps[2...3].allSatisfy { $0.status == .waiting && $0.lease == nil })
    }

    @Test func planningWithOneRangeChangesNothing() throws {
        let run = try Self.imported()
        #expect(try Lifecycle.planChunks(run, after: 1, plans: [ChunkPlan(encode: 2, ranges: [ChunkRange(start: 0, end: 10)])], ids: ["task_c0"], now: Self.now) == run)
        #expect(try Lifecycle.planChunks(run, after: 1, plans: [ChunkPlan(encode: 2, ranges: [])], ids: [], now: Self.now) == run)
    }

    @Test func planningIsRefusedBeforeTheImportSucceededOrAfterTheEncodeStarted() throws {
        let claimed = try Lifecycle.claim(LifecycleTests.fixture(), worker: "w", now: Self.now, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        #expect(throws: LifecycleRefusal.stepNotInState(1, .queued)) { try Lifecycle.planChunks(claimed, after: 1, plans: [ChunkPlan(encode: 2, ranges: Self.ranges)], ids: Self.ids, now: Self.now) }
        let started = try Lifecycle.startStep(try Self.imported(), 2, input: nil, reportsProgress: true, worker: "w", now: Self.now)
        #expect(throws: LifecycleRefusal.stepNotInState(2, .processing)) { try Lifecycle.planChunks(started, after: 1, plans: [ChunkPlan(encode: 2, ranges: Self.ranges)], ids: Self.ids, now: Self.now) }
        #expect(throws: LifecycleRefusal.noSuchStep(1)) { try Lifecycle.planChunks(try Self.imported(), after: 1, plans: [ChunkPlan(encode: 2, ranges: Self.ranges)], ids: ["one"], now: Self.now) }
    }

    // MARK: Claims, a dead worker, cancel, progress

    @Test func eachChunkIsClaimedAloneByAnyWorkerAndTheJoinWaitsForAll() throws {
        var run = try Self.chunked()
        var claimed: [[Int]] = []
        for worker in ["a", "b", "c"] {
            let claim = try Lifecycle.claim(run, worker: worker, now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3)
            guard case .claimed(let next, let steps) = claim else { Issue.record("not claimed"); return }
            claimed.append(steps)
            run = next
        }
        #expect(claimed == [[4], [5], [6]])
        #expect(throws: LifecycleRefusal.leaseHeld) { try Lifecycle.claim(run, worker: "d", now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3) }
        for (index, worker) in zip([4, 5, 6], ["a", "b", "c"]) {
            run = try Lifecycle.startStep(run, index, input: nil, reportsProgress: true, worker: worker, now: Self.now + 3)
            run = try Lifecycle.succeedStep(run, index, output: .null, worker: worker, now: Self.now + 4)
        }
        guard case .claimed(_, let steps) = try Lifecycle.claim(run, worker: "d", now: Self.now + 5, leaseMillis: LifecycleTests.lease, maximumAttempts: 3) else {
            Issue.record("the join is not claimed")
            return
        }
        #expect(steps == [2, 3], "the join is claimed with the export that continues on its worker")
    }

    @Test func aChunkWhoseWorkerDiedIsClaimedAgainAloneAndTheOthersKeepTheirWork() throws {
        var run = try Self.chunked()
        for worker in ["a", "b"] {
            run = try Lifecycle.claim(run, worker: worker, now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        }
        run = try Lifecycle.startStep(run, 5, input: nil, reportsProgress: true, worker: "b", now: Self.now + 3)
        run = try Lifecycle.succeedStep(run, 5, output: "done", worker: "b", now: Self.now + 3)
        run = try Lifecycle.startStep(run, 4, input: nil, reportsProgress: true, worker: "a", now: Self.now + 3)
        // "a" dies: its lease runs out.
        let later = Self.now + 2 + LifecycleTests.lease + 1
        var claim = try Lifecycle.claim(run, worker: "c", now: later, leaseMillis: LifecycleTests.lease, maximumAttempts: 3)
        var taken: [[Int]] = []
        while case .claimed(let next, let steps) = claim {
            taken.append(steps)
            run = next
            guard let again = try? Lifecycle.claim(run, worker: "c", now: later, leaseMillis: LifecycleTests.lease, maximumAttempts: 3) else { break }
            claim = again
        }
        #expect(Set(taken) == [[4], [6]], "only the dead worker's chunk and the unclaimed one are claimed: \(taken)")
        #expect(run.steps[4].attempts == 2 && run.steps[4].status == .queued && run.steps[4].lease?.owner == "c")
        #expect(run.steps[5].status == .succeeded && run.steps[5].output == "done", "a finished chunk is not re-run")
    }

    @Test func cancelEndsEveryChunk() throws {
        var run = try Self.chunked()
        run = try Lifecycle.claim(run, worker: "a", now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        let cancelled = try Lifecycle.cancel(run, now: Self.now + 3)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.steps[2...].allSatisfy { $0.status == .cancelled && $0.lease == nil })
        #expect(throws: LifecycleRefusal.notHeld) { try Lifecycle.progress(cancelled, 4, percent: 10, worker: "a", now: Self.now + 4) }
    }

    @Test func theJoinShowsTheChunksProgressWeightedByLength() throws {
        var run = try Self.chunked()
        for worker in ["a", "b", "c"] {
            run = try Lifecycle.claim(run, worker: worker, now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        }
        for (index, worker) in zip([4, 5, 6], ["a", "b", "c"]) {
            run = try Lifecycle.startStep(run, index, input: nil, reportsProgress: true, worker: worker, now: Self.now + 3)
        }
        run = try Lifecycle.progress(run, 4, percent: 100, worker: "a", now: Self.now + 4)  // 3 s of 10
        #expect(run.steps[2].progress == 30)
        run = try Lifecycle.progress(run, 5, percent: 50, worker: "b", now: Self.now + 4)  // 2 s of 4
        #expect(run.steps[2].progress == 50)
        run = try Lifecycle.succeedStep(run, 4, output: .null, worker: "a", now: Self.now + 5)
        run = try Lifecycle.succeedStep(run, 5, output: .null, worker: "b", now: Self.now + 5)
        run = try Lifecycle.progress(run, 6, percent: 100, worker: "c", now: Self.now + 5)
        #expect(run.steps[2].progress == 99, "below 100 until the join is done")
        run = try Lifecycle.succeedStep(run, 6, output: .null, worker: "c", now: Self.now + 6)
        run = try Lifecycle.claim(run, worker: "d", now: Self.now + 7, leaseMillis: LifecycleTests.lease, maximumAttempts: 3).run
        run = try Lifecycle.startStep(run, 2, input: nil, reportsProgress: true, worker: "d", now: Self.now + 7)
        #expect(run.steps[2].progress == 99, "the join starts from its chunks' progress")
    }

    // MARK: A workflow's encodes

    /// `LifecycleTests.workflow()` with real options: `web` (video) and `poster` after the import,
    /// the gate `duration >= 60` before `hls` (adaptive_video), and a gate `duration >= 1000`
    /// before `never` (video).
    static func workflow() throws -> Run {
        var run = LifecycleTests.workflow()
        func gate(_ seconds: Int) throws -> JSONObject {
            try ConditionsStep.options(from: JSONParser.parse(#"{"conditions":[{"prop":"duration","operator":">=","value":\#(seconds)}]}"#).objectValue ?? JSONObject()).canonical
        }
        run.steps[2].options = try JobOptions.parse(JSONObject(), kind: .video).canonical
        run.steps[4].options = try gate(60)
        run.steps[5].options = try JobOptions.parse(JSONObject(), kind: .adaptiveVideo).canonical
        var never = run.steps[2]
        never.id = "task_7"
        never.ref = "never"
        never.after = ["task_6"]
        var second = run.steps[4]
        second.id = "task_6"
        second.options = try gate(1000)
        run.steps += [second, never]
        return run
    }

    struct SpanCase: Sendable, CustomTestStringConvertible {
        let name: String
        let duration: Double
        let every: Double
        let spans: [Int]
        var testDescription: String { name }
    }

    static let spanCases: [SpanCase] = [
        SpanCase(name: "long: web and the gated hls, not the step whose gate does not hold", duration: 100, every: 30, spans: [2, 5]),
        SpanCase(name: "under the gate's 60 s: web only", duration: 40, every: 30, spans: [2]),
        SpanCase(name: "not longer than the threshold: none", duration: 20, every: 30, spans: []),
        SpanCase(name: "threshold 0: none", duration: 100, every: 0, spans: []),
    ]

    @Test(arguments: spanCases) func aWorkflowsEncodesWhoseGatesHoldAreCut(_ c: SpanCase) throws {
        let input: JSONValue = ["kind": "video", "duration": .double(c.duration)]
        let spans = ChunkPlanner.spans(in: try Self.workflow(), after: 1, input: input, duration: c.duration, every: c.every)
        #expect(spans.map(\.encode) == c.spans)
        #expect(spans.allSatisfy { $0.span == ChunkRange(start: 0, end: c.duration) })
    }

    static func workflowChunked() throws -> Run {
        let (imported, _) = try LifecycleTests.claimAndSucceed(try workflow(), worker: "w")
        let plans = [ChunkPlan(encode: 2, ranges: ranges), ChunkPlan(encode: 5, ranges: Array(ranges.prefix(2)))]
        return try Lifecycle.planChunks(imported, after: 1, plans: plans, ids: ["task_c0", "task_c1", "task_c2", "task_d0", "task_d1"], now: now + 1)
    }

    @Test func eachEncodeOfAWorkflowJoinsItsOwnChunksWhichComeAfterItsGate() throws {
        let run = try Self.workflowChunked()
        #expect(run.steps[8...].map(\.kind) == Array(repeating: .videoChunk, count: 5))
        #expect(run.steps[8...10].allSatisfy { $0.after == ["task_1"] }, "web's chunks come after the import")
        #expect(run.steps[11...12].allSatisfy { $0.after == ["task_4"] }, "hls's chunks come after its gate")
        #expect(run.steps[2].after == ["task_c0", "task_c1", "task_c2"] && run.steps[5].after == ["task_d0", "task_d1"])
        #expect(Lifecycle.chunks(joinedBy: 2, in: run) == [8, 9, 10] && Lifecycle.chunks(joinedBy: 5, in: run) == [11, 12])
        #expect(run.steps[12].options == VideoChunkOptions(index: 1, range: Self.ranges[1], encode: "task_5").canonical, "each encode numbers its chunks from 0")
        #expect(RunGraph(run.steps).input(of: 11) == run.steps[1].output, "a chunk after a gate reads the imported copy")

        var claimed: [[Int]] = []
        var next = run
        while case .claimed(let after, let steps)? = try? Lifecycle.claim(next, worker: "x\(claimed.count)", now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3) {
            claimed.append(steps)
            next = after
        }
        #expect(Set(claimed) == [[3], [4], [6, 7], [8], [9], [10]], "the web chunks, the poster, both gates (the second with its one step) at once; hls's chunks wait for their gate: \(claimed)")
    }

    @Test func aGateThatDoesNotHoldCancelsItsEncodesChunks() throws {
        var run = try Self.workflowChunked()
        var gateWorker: String?
        var claims = 0
        while gateWorker == nil,
              case .claimed(let next, let steps) = try Lifecycle.claim(run, worker: "x\(claims)", now: Self.now + 2, leaseMillis: LifecycleTests.lease, maximumAttempts: 3) {
            if steps.contains(4) { gateWorker = "x\(claims)" }
            claims += 1
            run = next
        }
        let worker = try #require(gateWorker)
        run = try Lifecycle.startStep(run, 4, input: nil, reportsProgress: false, worker: worker, now: Self.now + 3)
        run = try Lifecycle.succeedStep(run, 4, output: ["matched": false], skipping: Lifecycle.conditionNotMet, worker: worker, now: Self.now + 3)
        #expect([5, 11, 12].allSatisfy { run.steps[$0].status == .cancelled && run.steps[$0].error?.kind == "condition_not_met" })
    }

    // MARK: A gate the import's worker holds

    /// A workflow whose one step is a gate before a long video: the gate continues the import on its worker.
    static func gatedWorkflow() throws -> Run {
        let body = try JSONParser.parse(#"{"input":"https://example.com/a.mp4","workflow":[{"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":5}],"next":[{"kind":"video","ref":"web"}]}]}"#)
        return Run.newJob(from: try CreateJobRequest.parse(body), projectID: "p", ids: .live(), now: now)
    }

    /// Claims as `worker`, runs the probe and the import (which plans two chunks of the video at 3
    /// as the pipeline would) and starts the gate.
    static func importingBeforeTheGate(_ run: Run, worker: String, ids: [String]) throws -> (Run, [Int]) {
        guard case .claimed(var next, let steps) = try Lifecycle.claim(run, worker: worker, now: now, leaseMillis: LifecycleTests.lease, maximumAttempts: 3) else {
            throw LifecycleTests.TestFailure("not claimed")
        }
        let probed: JSONValue = ["kind": "video", "duration": 200]
        for index in 0...1 {
            next = try Lifecycle.startStep(next, index, input: nil, reportsProgress: false, worker: worker, now: now)
            next = try Lifecycle.succeedStep(next, index, output: probed, worker: worker, now: now)
        }
        let spans = ChunkPlanner.spans(in: next, after: 1, input: probed, duration: 200, every: 60)
        let plans = ChunkPlanner.plans(spans, keyframes: [0, 100], every: 60)
        next = try Lifecycle.planChunks(next, after: 1, plans: plans, ids: Array(ids.prefix(plans.map(\.stepCount).reduce(0, +))), now: now)
        next = try Lifecycle.startStep(next, 2, input: nil, reportsProgress: false, worker: worker, now: now)
        return (next, steps)
    }

    @Test func chunksPastAGateThatContinuesTheImportReadTheSharedCopy() throws {
        let (run, claimed) = try Self.importingBeforeTheGate(Self.gatedWorkflow(), worker: "w", ids: ["task_c0", "task_c1"])
        #expect(claimed == [0, 1, 2, 3], "the gate and its one step continue the import")
        #expect(run.steps.filter { $0.kind == .videoChunk }.map(\.after) == [[run.steps[2].id], [run.steps[2].id]])
        #expect(RunGraph(run.steps).sharesImport(1), "chunks on other nodes read the kept copy, not the origin")
    }

    @Test func anImportRunAgainAfterItsWorkerLeftDuringTheGateDoesNotPlanTwice() throws {
        let (run, _) = try Self.importingBeforeTheGate(Self.gatedWorkflow(), worker: "w", ids: ["task_c0", "task_c1"])
        // A shutdown gives back the chain the gate continues (probe, import, gate): the import runs again.
        let released = try Lifecycle.release(run, worker: "w", now: Self.now)
        let (again, claimed) = try Self.importingBeforeTheGate(released, worker: "x", ids: ["task_d0", "task_d1"])
        #expect(claimed == [0, 1, 2])
        #expect(again.steps.filter { $0.kind == .videoChunk }.map(\.id) == ["task_c0", "task_c1"], "the chunks planned first stay, no more")
        #expect(Lifecycle.chunks(joinedBy: 3, in: again) == [4, 5])
        #expect(try Lifecycle.planChunks(again, after: 1, plans: [ChunkPlan(encode: 3, ranges: Self.ranges)], ids: ["a", "b", "c"], now: Self.now) == again,
                "a plan for an encode that joins chunks already changes nothing")
    }

    @Test(arguments: [
        (#"[{"kind":"video"}]"#, false, "one step continues the import"),
        (#"[{"kind":"video"},{"kind":"image"}]"#, true, "two steps after the import"),
        (#"[{"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":5}],"next":[{"kind":"video"}]}]"#, false, "a gate and its one step continue the import"),
        (#"[{"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":5}],"next":[{"kind":"video"},{"kind":"audio"}]}]"#, true, "a gate's two steps run on any worker"),
    ]) func theImportSharesItsCopyWhenAStepReadingItRunsElsewhere(_ workflow: String, _ shares: Bool, _ name: String) throws {
        let body = try JSONParser.parse(#"{"input":"https://example.com/a.mp4","workflow":\#(workflow)}"#)
        let run = Run.newJob(from: try CreateJobRequest.parse(body), projectID: "p", ids: .live(), now: Self.now)
        #expect(RunGraph(run.steps).sharesImport(1) == shares, "\(name)")
    }

    @Test func noImportAddsMoreThanTheMostChunksARunTakes() {
        let keyframes = stride(from: 0.0, to: 36_000, by: 2).map { $0 }
        let tenHours = ChunkRange(start: 0, end: 36_000)
        let spans = (2..<12).map { (encode: $0, span: tenHours) }
        let plans = ChunkPlanner.plans(spans, keyframes: keyframes, every: 10)
        let total = plans.map(\.stepCount).reduce(0, +)
        #expect(plans.count == 10 && total <= ChunkPlanner.maximumChunksPerRun && total > ChunkPlanner.maximumChunksPerRun / 2,
                "ten encodes of ten hours in pieces of 10 s would be 36,000 chunks: \(total)")
        #expect(plans.allSatisfy { $0.ranges.first?.start == 0 && $0.ranges.last?.end == 36_000 }, "the pieces still tile each span")
        #expect(ChunkPlanner.plans([(encode: 2, span: tenHours)], keyframes: keyframes, every: 120).first?.stepCount == 300, "under the cap, as asked")
    }
}
