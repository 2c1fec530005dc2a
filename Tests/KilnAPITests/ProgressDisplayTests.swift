import KilnCore
import Testing

@testable import KilnCLI

/// What `kiln … --wait` draws on a terminal for a job's tasks, as pure frames.
struct ProgressDisplayTests {
    static func task(_ kind: String, _ status: String, progress: Int? = nil) -> JSONValue {
        ["kind": .string(kind), "status": .string(status), "progress": progress.map { .int(Int64($0)) } ?? .null]
    }

    @Test func theRunningTaskIsRedrawnAfterTheLinesOfThoseThatFinished() {
        let tasks = [Self.task("probe", "succeeded"), Self.task("import", "succeeded"), Self.task("video", "processing", progress: 50), Self.task("export", "waiting")]
        let frame = ProgressDisplay.frame(tasks, finished: 0, now: 0)
        #expect(frame.finished == 2 && frame.finishedAny && frame.drawsLive)
        #expect(frame.text.components(separatedBy: "\n").count == 3, "two finished lines, then the live one")
        #expect(frame.text.hasSuffix("video            50.0%"))
        let again = ProgressDisplay.frame(tasks, finished: 2, now: 0)
        #expect(again.finished == 2 && !again.finishedAny && again.text.hasSuffix("video            50.0%"), "only the live line again")
    }

    @Test func aChunkedEncodeShowsItsOwnFigureWhileItsPiecesRunAndThePiecesHaveNoLines() {
        let tasks = [
            Self.task("probe", "succeeded"), Self.task("import", "succeeded"), Self.task("video", "waiting", progress: 40), Self.task("export", "waiting"),
            Self.task("video_chunk", "succeeded", progress: 100), Self.task("video_chunk", "processing", progress: 30), Self.task("video_chunk", "queued"),
        ]
        let frame = ProgressDisplay.frame(tasks, finished: 2, now: 0)
        #expect(frame.drawsLive && frame.text.hasSuffix("video            40.0%"), "\(frame.text)")
        #expect(!frame.text.contains("video_chunk"))
        let done = tasks.enumerated().map { $0.offset < 4 ? Self.task(["probe", "import", "video", "export"][$0.offset], "succeeded") : Self.task("video_chunk", "succeeded") }
        let end = ProgressDisplay.frame(done, finished: 2, now: 0)
        #expect(end.finished == 4 && !end.drawsLive && !end.text.contains("video_chunk"), "the job ends with its own tasks' lines only")
    }

    @Test func aTaskWaitingWithoutAFigureDrawsNothingYet() {
        let frame = ProgressDisplay.frame([Self.task("probe", "queued"), Self.task("video", "waiting")], finished: 0, now: 0)
        #expect(frame.text.isEmpty && !frame.drawsLive && frame.finished == 0)
    }
}
