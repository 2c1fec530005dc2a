import Foundation
import KilnCore
import KilnMedia
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import Testing

/// The runner with its side effects faked (no ffmpeg, no network) over a real SQLite store: the
/// statuses each step passes through, progress, and how failures end a run.
@Suite struct RunExecutorTests {
    /// What the fakes do.
    struct Fakes: Sendable {
        var probe: @Sendable (String) throws -> MediaFile = { _ in
            MediaFile(kind: .video, filename: "in.mp4", format: "mp4", width: 640, height: 360, duration: 10, video: .init(name: "h264"))
        }
        var encode: @Sendable (EncodePlan, @escaping @Sendable (Double) -> Void) async throws -> Void = { plan, progress in
            progress(40)
            try await Task.sleep(for: .milliseconds(1300))
            let outputDirectory = plan.arguments.last.map { ($0 as NSString).deletingLastPathComponent } ?? ""
            _ = FileManager.default.createFile(atPath: outputDirectory + "/" + (plan.primaryOutput as NSString).lastPathComponent, contents: Data("out".utf8))
        }
    }

    /// Runs `run` to its end with `fakes`, returning every state the executor stored.
    static func execute(_ run: Run, fakes: Fakes = Fakes(), workers: Int = 1) async throws -> (final: Run, seen: [Run]) {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
        _ = try await store.createRun(run, idempotency: nil)
        let files = LocalStore(root: directory.appendingPathComponent("files").path, publicURL: "http://kiln.test")
        let effects = NodeEffects(
            fetchURL: { _, destination in
                _ = FileManager.default.createFile(atPath: destination, contents: Data("input".utf8))
                return 5
            },
            probeFile: { path, _, _ in try fakes.probe(path) },
            runEncode: { plan, _, progress in try await fakes.encode(plan, progress) },
            results: .local(files), connections: .none, clock: .system, logger: Logger(label: "test"), maximumInputBytes: 1 << 30
        )
        let seen = Seen()
        let settings = PipelineSettings(workers: 1, scratchRoot: directory.appendingPathComponent("scratch").path)
        let executor = RunExecutor(
            store: store, effects: effects, registry: .standard, settings: settings, cancellations: JobCancellations(), observe: { seen.add($0) }
        )
        try await executor.runToEnd(run.id, workers: workers, workerPrefix: "w")
        let final = try #require(try await store.run(id: run.id, projectID: nil))
        #expect(try FileManager.default.contentsOfDirectory(atPath: settings.scratchRoot).isEmpty, "the scratch directory is removed")
        return (final, seen.runs)
    }

    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [Run] = []
        func add(_ run: Run) { lock.withLock { all.append(run) } }
        var runs: [Run] { lock.withLock { all } }
    }

    static func job(_ kind: String = "video", options: String = #"{"width":320}"#) throws -> Run {
        let request = try CreateJobRequest.parse(JSONParser.parse(#"{"input":"https://example.com/in.mp4","kind":"\#(kind)","options":\#(options)}"#))
        return Run.newJob(from: request, projectID: "p", ids: .live(), now: KilnClock.system.nowMillis())
    }

    /// The distinct statuses step `index` went through, in order.
    static func statuses(_ seen: [Run], step index: Int) -> [TaskStatus] {
        seen.map { $0.steps[index].status }.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
    }

    @Test func aJobsStepsPassThroughTheDocumentedStatuses() async throws {
        let (final, seen) = try await Self.execute(try Self.job())
        #expect(final.status == .succeeded && final.output == "http://kiln.test/files/\(final.id)/in.mp4")
        #expect(Self.statuses(seen, step: 0) == [.processing, .succeeded])
        #expect(Self.statuses(seen, step: 1) == [.queued, .processing, .succeeded])
        #expect(Self.statuses(seen, step: 2) == [.queued, .processing, .succeeded])
        #expect(Self.statuses(seen, step: 3) == [.queued, .processing, .finishing, .succeeded], "export is finishing while it publishes")
        let encodeProgress = seen.compactMap { $0.steps[2].status == .processing ? $0.steps[2].progress : nil }
        #expect(encodeProgress.contains(40), "progress is recorded as a whole number while encoding: \(encodeProgress)")
        #expect(final.steps.map(\.progress) == [nil, nil, 100, nil], "only the encode reports progress")
        #expect(final.steps[0].input == ["object": "external_file", "url": "https://example.com/in.mp4"])
        #expect(final.steps[2].input == final.steps[1].output && final.steps[3].input == final.steps[2].output)
        #expect(final.steps[3].output["url"]?.stringValue == final.output)
    }

    @Test func aStandaloneEncodePublishesItsOwnResult() async throws {
        let request = try CreateTaskRequest.parse(JSONParser.parse(#"{"kind":"image","input":{"url":"https://example.com/in.mp4"},"options":{"start":1}}"#))
        let run = Run.newTask(from: request, projectID: "p", createdBy: "key_1", ids: .live(), now: KilnClock.system.nowMillis())
        let (final, seen) = try await Self.execute(run)
        #expect(final.status == .succeeded)
        #expect(Self.statuses(seen, step: 0) == [.processing, .finishing, .succeeded])
        #expect(final.steps[0].output["url"]?.stringValue?.hasPrefix("http://kiln.test/files/\(run.id)/") == true)
        #expect(final.steps[0].input == request.input, "a standalone task keeps the input it was given")
    }

    @Test func aFailingProbeFailsTheJobWithItsKind() async throws {
        var fakes = Fakes()
        fakes.probe = { _ in throw MediaError.notMedia(reason: "") }
        let (final, _) = try await Self.execute(try Self.job(), fakes: fakes)
        #expect(final.status == .failed && final.error?.kind == "input_not_media")
        #expect(final.steps[0].status == .failed && final.steps[0].error == final.error)
        #expect(final.steps[1...].allSatisfy { $0.status == .cancelled && $0.error == Lifecycle.earlierStepFailed })
    }

    @Test func anUnexpectedErrorIsAnInternalErrorWithoutDetails() async throws {
        struct Boom: Error {}
        var fakes = Fakes()
        fakes.encode = { _, _ in throw Boom() }
        let (final, _) = try await Self.execute(try Self.job(), fakes: fakes)
        #expect(final.status == .failed && final.error?.kind == "internal_error")
        #expect(final.error?.message.contains("Boom") == false)
        #expect(final.steps[2].status == .failed)
    }

    @Test func storedOptionsThisVersionCannotReadFailByName() async throws {
        var run = try Self.job()
        run.steps[2].options = JSONObject([JSONField("codec", "vp8")])
        let (final, _) = try await Self.execute(run)
        #expect(final.status == .failed && final.error?.kind == "options_unreadable")
        #expect(final.steps[2].error?.kind == "options_unreadable")
    }
}
