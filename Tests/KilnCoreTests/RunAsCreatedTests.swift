import KilnCore
import Testing

/// A creation event's data is derived from the run, not copied: whatever has happened to the run
/// since, `asCreated` gives back exactly what `newJob` and `newTask` made.
struct RunAsCreatedTests {
    static let ids = IDSource.live()

    static func newJob() throws -> Run {
        let body = try JSONParser.parse(#"{"input":"https://example.com/a.mov","kind":"video","options":{"width":640},"metadata":{"m":1},"webhook_url":"https://example.com/hook"}"#)
        return Run.newJob(from: try CreateJobRequest.parse(body), projectID: "p", ids: ids, now: 1_000)
    }

    static func newTask() throws -> Run {
        let body = try JSONParser.parse(#"{"kind":"image","input":{"url":"https://example.com/in.mp4"},"options":{"start":1},"metadata":{"n":2}}"#)
        return Run.newTask(from: try CreateTaskRequest.parse(body), projectID: "p", createdBy: "key_1", ids: ids, now: 1_000)
    }

    /// The run after each kind of history: claimed, a step started, succeeded, failed, cancelled,
    /// claimed again after its worker died.
    static func histories(of run: Run) throws -> [Run] {
        let claimed = try Lifecycle.claim(run, worker: "w", now: 2_000, leaseMillis: 100, maximumAttempts: 3).run
        // As the runner does: a job's steps get their input when they start, a standalone task keeps its own.
        let input: JSONValue? = run.isJob ? "in" : .none
        var done = claimed
        for index in done.steps.indices {
            done = try Lifecycle.startStep(done, index, input: input, reportsProgress: true, worker: "w", now: 3_000)
            done = try Lifecycle.progress(done, index, percent: 50, worker: "w", now: 3_500)
            done = try Lifecycle.succeedStep(done, index, output: ["url": "https://o"], url: "https://o", worker: "w", now: 4_000)
        }
        let started = try Lifecycle.startStep(claimed, 0, input: input, reportsProgress: true, worker: "w", now: 3_000)
        return [
            run, claimed, started, done,
            try Lifecycle.failStep(started, 0, error: RunError("encode_failed", "x"), worker: "w", now: 5_000),
            try Lifecycle.cancel(started, now: 5_000),
            try Lifecycle.claim(started, worker: "x", now: 9_000, leaseMillis: 100, maximumAttempts: 3).run,
        ]
    }

    @Test(arguments: ["job", "task"]) func everyHistoryLeadsBackToTheRunAsCreated(_ kind: String) throws {
        let run = kind == "job" ? try Self.newJob() : try Self.newTask()
        #expect(run.asCreated() == run)
        for later in try Self.histories(of: run) {
            #expect(later.asCreated().json().serialized() == run.json().serialized())
            #expect(later.asCreated().steps.map { $0.json().serialized() } == run.steps.map { $0.json().serialized() })
        }
    }

    @Test func theCreationEventsDataIsTheDerivedOne() throws {
        for run in [try Self.newJob(), try Self.newTask()] {
            let events = RunEvents.created(run, ids: Self.ids, now: run.createdAt)
            #expect(!events.isEmpty && events.allSatisfy(\.isCreation))
            for event in events {
                let finished = try Self.histories(of: run)[3]
                #expect(finished.status == .succeeded)
                let taskID = event.jobID == nil ? event.taskID : nil
                #expect(RunEvents.createdData(of: finished, taskID: taskID).serialized() == event.data.serialized())
                #expect(event.runID == run.id)
            }
        }
    }
}
