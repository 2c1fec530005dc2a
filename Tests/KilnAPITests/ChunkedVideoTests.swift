import Foundation
import KilnCore
import KilnMedia
import KilnPipeline
import KilnStorage
import KilnStore
import Logging
import Testing

/// Chunked `video` encodes (issue #16) with real ffmpeg over a real SQLite store and several
/// workers: the joined result against the input and against the same frames encoded whole, a
/// chunk whose worker dies, and a cancel.
@Suite(.serialized) struct ChunkedVideoTests {
    /// A store, the node's effects with real ffmpeg (the input "fetched" from a local file), and
    /// an executor cutting inputs longer than 3 s; bikes.mp4 (10 s, 250 frames, keyframes at
    /// 0, 1.2, 3.04, 5.48, 7.48 and 9.68 s) with an audio track added. With `height`, the
    /// picture is scaled to it (16:9) with its keyframes kept where they were, so that an
    /// `adaptive_video` ladder has several rungs.
    struct Rig {
        let directory: URL
        let input: String
        let store: SQLiteJobStore
        let files: LocalStore
        let executor: RunExecutor

        init(chunkSeconds: Double = 3, height: Int? = nil) throws {
            directory = try TemporaryDirectory.make()
            input = directory.appendingPathComponent("bikes-with-audio.mp4").path
            let media = MediaServer.mediaDirectory.path
            let picture = height.map { height in
                ["-vf", "scale=\(height * 16 / 9 / 2 * 2):\(height),setsar=1", "-c:v", "libx264", "-preset", "ultrafast", "-g", "1000", "-sc_threshold", "0",
                 "-force_key_frames", "0,1.2,3.04,5.48,7.48,9.68"]
            } ?? ["-c:v", "copy"]
            _ = try MediaInspector.run("ffmpeg", [
                "-v", "error", "-y", "-i", media + "/bikes.mp4", "-stream_loop", "-1", "-i", media + "/Front_Center.wav",
                "-map", "0:v", "-map", "1:a"] + picture + ["-c:a", "aac", "-shortest", input,
            ])
            store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
            files = LocalStore(root: directory.appendingPathComponent("files").path, publicURL: "http://kiln.test")
            let ffmpeg = FFmpeg()
            let source = input
            let effects = NodeEffects(
                fetchURL: { _, destination in
                    try FileManager.default.copyItem(atPath: source, toPath: destination)
                    return 1
                },
                probeFile: { path, name, pixels in try await ffmpeg.probe(path: path, filename: name, maximumPixels: pixels) },
                runEncode: { plan, paths, progress in try await ffmpeg.encode(plan, scratchPaths: paths, progress: progress) },
                results: .local(files), connections: .none, clock: .system, logger: Logger(label: "test"), maximumInputBytes: 1 << 30,
                keyframeTimes: { path in try await ffmpeg.keyframes(path: path) }
            )
            var settings = PipelineSettings(workers: 3, scratchRoot: directory.appendingPathComponent("scratch").path)
            settings.chunkSeconds = chunkSeconds
            executor = RunExecutor(store: store, effects: effects, registry: .standard, settings: settings, cancellations: JobCancellations())
        }

        func job(_ options: String = "{}", kind: String = "video") async throws -> Run {
            try await job(body: #"{"input":"https://example.com/in.mp4","kind":"\#(kind)","options":\#(options)}"#)
        }

        /// A job created from the request `body` (a `POST /jobs` body: a kind, or a workflow).
        func job(body: String) async throws -> Run {
            let request = try CreateJobRequest.parse(JSONParser.parse(body))
            let run = Run.newJob(from: request, projectID: "p", ids: .live(), now: KilnClock.system.nowMillis())
            _ = try await store.createRun(run, idempotency: nil)
            return run
        }

        /// Runs the probe and the import (which plans the chunks) on one worker.
        func importing(_ run: Run) async throws -> Run {
            let claim = try await store.claimNext(workerID: "importer", leaseMillis: 30_000, now: KilnClock.system.nowMillis(), maximumAttempts: 3)
            try await executor.execute(try #require(claim.claimed), steps: claim.steps, workerID: "importer")
            return try #require(try await store.run(id: run.id, projectID: nil))
        }

        func output(of run: Run) -> String { files.path(for: "\(run.id)/in.mp4") }
    }

    static func frameCount(_ path: String) throws -> Int {
        let text = try MediaInspector.run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path])
        // MPEG-TS lists its streams again under its program: the first line is the stream's.
        return text.split(whereSeparator: \.isNewline).first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? -1
    }

    /// The video's frame times, in presentation order.
    static func frameTimes(_ path: String) throws -> [Double] {
        try MediaInspector.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path])
            .split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.sorted()
    }

    /// No seam: the mean SSIM of the frames around each join (±3 frames of 250 at 25 fps) within
    /// 0.01 of the same frames encoded whole.
    static func expectNoSeams(_ joined: [Double], _ single: [Double], at chunks: [Step]) {
        for start in chunks.dropFirst().compactMap({ $0.options["start"]?.doubleValue }) {
            let join = Int((start * 25).rounded())
            let window = max(0, join - 3)..<min(250, join + 3)
            let a = window.map { joined[$0] }.reduce(0, +) / Double(window.count)
            let b = window.map { single[$0] }.reduce(0, +) / Double(window.count)
            #expect(abs(a - b) <= 0.01, "SSIM across the join at frame \(join): \(a) chunked, \(b) whole")
        }
    }

    /// Each frame's SSIM against `reference`, in order.
    static func ssimPerFrame(_ path: String, reference: String) throws -> [Double] {
        let stats = path + ".ssim"
        _ = try MediaInspector.run("ffmpeg", ["-v", "error", "-i", path, "-i", reference, "-lavfi", "[0:v][1:v]ssim=stats_file=\(stats)", "-f", "null", "-"])
        return try String(contentsOfFile: stats, encoding: .utf8).split(whereSeparator: \.isNewline).compactMap { line in
            line.range(of: "All:").flatMap { Double(line[$0.upperBound...].prefix { $0 != " " }) }
        }
    }

    @Test func aLongVideoIsEncodedInChunksBySeveralWorkersAndJoinedLikeOneEncode() async throws {
        let rig = try Rig()
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.job()
        let final = try #require(try await rig.executor.runToEnd(run.id, workers: 3, workerPrefix: "w"))
        #expect(final.status == .succeeded, Comment(rawValue: String(describing: final.error)))
        let chunks = final.steps.filter { $0.kind == .videoChunk }
        #expect(chunks.map { $0.options["start"]?.doubleValue ?? -1 } == [0, 3.04, 5.48, 7.48], "cut at the keyframe nearest 3 s after the last cut")
        #expect(Set(chunks.compactMap(\.lease?.owner)).isEmpty && chunks.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
        #expect(final.steps.first { $0.kind == .video }?.progress == 100)
        #expect(final.output == "http://kiln.test/files/\(run.id)/in.mp4")

        let output = rig.output(of: final)
        #expect(try Self.frameCount(output) == Self.frameCount(rig.input), "as many frames as the input")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        let moov = try #require(bytes.range(of: Data("moov".utf8))), mdat = try #require(bytes.range(of: Data("mdat".utf8)))
        #expect(moov.lowerBound < mdat.lowerBound, "one moov, before mdat")
        #expect(bytes.ranges(of: Data("moov".utf8)).count == 1)
        let times = try Self.frameTimes(output)
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }.filter { abs($0 - 0.04) > 0.001 }
        #expect(times.first == 0 && gaps.isEmpty, "timestamps continue across the joins: \(gaps)")
        let probe = try MediaInspector.ffprobe(output)
        #expect(probe.stream("audio")?["codec_name"] == "aac" && PipelineTests.near(probe.stream("audio")?["duration"]?.number, 10, 0.1))
        #expect(!FileManager.default.fileExists(atPath: rig.files.path(for: "\(run.id)/.chunks")), "the chunks are removed once the job ends")

        // The same frames encoded whole, with the plan a single encode uses.
        let media = try await FFmpeg().probe(path: rig.input, filename: "in.mp4")
        let whole = EncodePlan(arguments: try EncodePlan.make(
            input: media, inputPath: rig.input, options: .video(VideoOptions()), outputDirectory: rig.directory.path, baseName: "whole"
        ).arguments, primaryOutput: "whole.mp4")
        _ = try MediaInspector.run("ffmpeg", whole.arguments)
        let wholePath = rig.directory.appendingPathComponent("whole.mp4").path
        let joined = try Self.ssimPerFrame(output, reference: rig.input)
        let single = try Self.ssimPerFrame(wholePath, reference: rig.input)
        #expect(joined.count == 250 && single.count == 250)
        Self.expectNoSeams(joined, single, at: chunks)
    }

    @Test func optionsBehaveAsInASingleEncode() async throws {
        let rig = try Rig()
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.job(#"{"width":320,"height":320,"fit":"contain","start":1,"end":8.5,"mute":true,"codec":"h265","format":"mov"}"#)
        let final = try #require(try await rig.executor.runToEnd(run.id, workers: 2, workerPrefix: "w"))
        #expect(final.status == .succeeded, Comment(rawValue: String(describing: final.error)))
        #expect(final.steps.filter { $0.kind == .videoChunk }.map { $0.options["start"]?.doubleValue ?? -1 } == [1, 3.04, 5.48, 7.48])
        let output = rig.files.path(for: "\(run.id)/in.mov")
        let probe = try MediaInspector.ffprobe(output)
        #expect(probe.stream("video")?["codec_name"] == "hevc" && probe.stream("video")?["width"] == 320 && probe.stream("video")?["height"] == 320)
        #expect(probe.stream("audio") == nil, "mute")
        #expect(try Self.frameCount(output) == 188, "frames from 1 s to 8.5 s")
    }

    @Test func aChunkWhoseWorkerDiedIsRunAgainAlone() async throws {
        let rig = try Rig()
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.importing(try await rig.job())
        #expect(run.steps.filter { $0.kind == .videoChunk }.count == 4)
        // A worker claims a chunk with a short lease and dies while it encodes.
        let claim = try await rig.store.claimNext(workerID: "dead", leaseMillis: 1500, now: KilnClock.system.nowMillis(), maximumAttempts: 3)
        let claimed = try #require(claim.claimed)
        let chunk = try #require(claim.steps.first)
        #expect(claim.steps.count == 1 && claimed.steps[chunk].kind == .videoChunk)
        let dying = Task { try await rig.executor.execute(claimed, steps: claim.steps, workerID: "dead") }
        while try await rig.store.run(id: run.id, projectID: nil)?.steps[chunk].status != .processing { try await Task.sleep(for: .milliseconds(20)) }
        dying.cancel()
        _ = try? await dying.value

        let final = try #require(try await rig.executor.runToEnd(run.id, workers: 2, workerPrefix: "w"))
        #expect(final.status == .succeeded, Comment(rawValue: String(describing: final.error)))
        for (index, step) in final.steps.enumerated() where step.kind == .videoChunk {
            #expect(step.attempts == (index == chunk ? 2 : 1), "only the dead worker's chunk ran again")
        }
        #expect(try Self.frameCount(rig.output(of: final)) == 250)
    }

    @Test func cancelStopsEveryChunk() async throws {
        let rig = try Rig(chunkSeconds: 2)
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.importing(try await rig.job(#"{"quality":"very_high"}"#))
        let running = Task { try await rig.executor.runToEnd(run.id, workers: 2, workerPrefix: "w") }
        while try await rig.store.run(id: run.id, projectID: nil)?.steps.contains(where: { $0.kind == .videoChunk && $0.status == .processing }) != true {
            try await Task.sleep(for: .milliseconds(20))
        }
        _ = try await rig.store.transition(runID: run.id, projectID: nil) { run throws(LifecycleRefusal) in try Lifecycle.cancel(run, now: KilnClock.system.nowMillis()) }
        rig.executor.cancellations.cancel(run.id)
        let final = try #require(try await running.value)
        #expect(final.status == .cancelled)
        let chunks = final.steps.filter { $0.kind == .videoChunk }
        #expect(chunks.contains { $0.status == .cancelled } && chunks.allSatisfy { [.cancelled, .succeeded].contains($0.status) && $0.lease == nil })
        #expect(final.steps.filter { $0.kind == .video || $0.kind == .export }.allSatisfy { $0.status == .cancelled })
    }
}
