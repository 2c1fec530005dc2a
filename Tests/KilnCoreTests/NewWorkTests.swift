import KilnCore
import Testing

/// Whom a created run, or one a finished step moved on, wakes: light workers only for work they
/// may claim; heavy workers for everything (#16).
struct NewWorkTests {
    static let ids = IDSource.live()

    struct Case: Sendable, CustomTestStringConvertible {
        let body: String
        let task: Bool
        let work: NewWork
        var testDescription: String { "\(task ? "task" : "job") \(body): \(work)" }
    }

    static let cases: [Case] = [
        Case(body: #"{"input":"https://example.com/a.png","kind":"image","options":{"format":"webp","width":200}}"#, task: false, work: .mayBeLight),
        // Whether the input is a still image is known only later: a light worker may claim the run.
        Case(body: #"{"input":"https://example.com/a.mp4","kind":"image","options":{"start":5}}"#, task: false, work: .mayBeLight),
        Case(body: #"{"input":"https://example.com/a.mp4","kind":"video"}"#, task: false, work: .heavyOnly),
        Case(body: #"{"input":"https://example.com/a.mp4","kind":"audio"}"#, task: false, work: .heavyOnly),
        Case(body: #"{"input":"https://example.com/a.mp4","kind":"adaptive_video"}"#, task: false, work: .heavyOnly),
        Case(body: #"{"input":"https://example.com/a.mp4","kind":"animation","options":{"start":0,"end":2}}"#, task: false, work: .heavyOnly),
        Case(body: #"{"input":"https://example.com/a.png","workflow":[{"kind":"image"},{"kind":"image","options":{"format":"png"}}]}"#, task: false, work: .mayBeLight),
        Case(body: #"{"input":"https://example.com/w.mp4","workflow":[{"kind":"video"},{"kind":"image"}]}"#, task: false, work: .heavyOnly),
        Case(body: #"{"kind":"probe","input":{"url":"https://example.com/b.mp4"}}"#, task: true, work: .mayBeLight),
        Case(body: #"{"kind":"image","input":{"url":"https://example.com/in.png"}}"#, task: true, work: .mayBeLight),
        Case(body: #"{"kind":"video","input":{"url":"https://example.com/in.mp4"}}"#, task: true, work: .heavyOnly),
    ]

    static func created(_ c: Case) throws -> Run {
        let body = try JSONParser.parse(c.body)
        return c.task
            ? Run.newTask(from: try CreateTaskRequest.parse(body), projectID: "p", createdBy: "key_1", ids: ids, now: 1_000)
            : Run.newJob(from: try CreateJobRequest.parse(body), projectID: "p", ids: ids, now: 1_000)
    }

    @Test(arguments: cases) func aCreatedRunWakesLightWorkersOnlyWhenTheyMayClaimIt(_ c: Case) throws {
        let run = try Self.created(c)
        #expect(NewWork(run) == c.work)
        #expect(NewWork(run).wakesLightWorkers == LightWork.mayClaim(run))
    }

    /// A step that succeeds makes the next ready: the run wakes the same workers as when it was created.
    @Test(arguments: cases) func aStepMadeReadyWakesTheSameWorkersAsTheCreatedRun(_ c: Case) throws {
        let run = try Self.created(c)
        let claimed = try Lifecycle.claim(run, worker: "w", now: 2_000, leaseMillis: 100, maximumAttempts: 3)
        guard case .claimed(var moved, let steps) = claimed else {
            Issue.record("nothing to claim")
            return
        }
        let input: JSONValue? = run.isJob ? "in" : .none
        moved = try Lifecycle.startStep(moved, steps[0], input: input, reportsProgress: false, worker: "w", now: 3_000)
        moved = try Lifecycle.succeedStep(moved, steps[0], output: ["url": "https://o"], url: "https://o", worker: "w", now: 4_000)
        #expect(NewWork(moved) == NewWork(run))
    }

    /// The only steps added to a run, a chunked encode's, are added to heavy work and keep it so.
    @Test func aChunkedEncodeStaysHeavyWork() throws {
        #expect(NewWork(try ChunkingTests.imported()) == .heavyOnly)
        #expect(NewWork(try ChunkingTests.chunked()) == .heavyOnly)
    }
}
