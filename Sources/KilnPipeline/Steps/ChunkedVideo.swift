import Foundation
import KilnCore
import KilnMedia

/// A long `video` or `adaptive_video` encode in chunks (issue #16), a job's or a workflow step's:
/// the import plans them, any worker encodes one (`VideoChunkStep`), and the encode step joins
/// them with the audio encoded once.
extension StepContext {
    /// The chunks of this run's encodes, planned by its import: for each `video` or
    /// `adaptive_video` step that will run (a job's, or a workflow's whose gates hold) and is
    /// chunkable, the input's keyframes nearest every `chunkSeconds` of the span it encodes.
    /// Empty when no encode's span is longer than `chunkSeconds`.
    func plannedChunks(path: String, media: MediaFile) async throws -> [ChunkPlan] {
        guard chunkSeconds > 0, media.kind == .video, let duration = media.duration else { return [] }
        let spans = ChunkPlanner.spans(in: run, after: index, input: media.json, duration: duration, every: chunkSeconds)
        guard !spans.isEmpty else { return [] }
        let keyframes = try await effects.mapping(.probing) { try await effects.keyframeTimes(path) }
        return ChunkPlanner.plans(spans, keyframes: keyframes, every: chunkSeconds)
    }

    /// Joins the encoded chunks this step comes after, in order, with the span's audio encoded
    /// once, without re-encoding the picture; returns the plan of the join (its output is the result).
    func joinChunks(_ options: JobOptions, _ workspace: inout RunWorkspace) async throws -> EncodePlan {
        let directory = scratch + "/chunks"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        for (number, chunk) in Lifecycle.chunks(joinedBy: index, in: run).enumerated() {
            let name = VideoChunkStep.fileName(of: run.steps[chunk])
            guard let path = try await effects.shared(runID: run.id, .chunks, name: name, downloadingTo: directory + "/" + name) else {
                throw RunError("encode_failed", "chunk \(number) of the encode is missing; run the job again")
            }
            paths.append(path)
        }
        let list = directory + "/chunks.txt"
        try await effects.mapping(.encoding) { try EncodePlan.concatList(paths).write(toFile: list, atomically: true, encoding: .utf8) }
        let (path, media) = try await source(&workspace)
        let audio = try await effects.mapping(.encoding) {
            try EncodePlan.chunkedAudio(input: media, inputPath: path, options: options, outputDirectory: directory, name: "audio.m4a")
        }
        if let audio { try await effects.encode(audio, kind: step.kind, scratch: scratch) { _ in } }
        let join = try await effects.mapping(.encoding) {
            try EncodePlan.join(
                listPath: list, audioPath: audio.map { directory + "/" + $0.primaryOutput }, input: media, options: options,
                outputDirectory: outputDirectory, baseName: baseName
            )
        }
        try await effects.encode(join, kind: step.kind, scratch: scratch) { _ in }
        return join
    }
}

extension VideoChunkStep: RunnableStep {
    /// The name a chunk's encoded file is kept under for the join.
    static func fileName(of step: Step) -> String { "\(step.id).mp4" }

    /// Encodes the chunk's span of the run's imported copy with the options of the encode step
    /// that joins it, and keeps the result where the join finds it, on any node.
    public static func run(_ options: VideoChunkOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        guard let join = RunGraph(context.run.steps).dependents(of: context.index).first else {
            throw RunError("internal_error", "this video_chunk task belongs to no encode task")
        }
        let encode: JobOptions?
        do throws(StoredOptionsError) {
            encode = try ChunkPlanner.joiningOptions(of: context.run.steps[join])
        } catch {
            throw error.runError
        }
        guard let encode else { throw RunError("internal_error", "this video_chunk task belongs to no video or adaptive_video task") }
        let isLast = Lifecycle.chunks(joinedBy: join, in: context.run).last == context.index
        let (path, media) = try await context.source(&workspace)
        let name = fileName(of: context.step)
        let plan = try await context.effects.mapping(.encoding) {
            try EncodePlan.chunk(
                input: media, inputPath: path, options: encode, range: options.range, isLast: isLast, outputDirectory: context.outputDirectory, name: name
            )
        }
        try await context.effects.encode(plan, kind: context.step.kind, scratch: context.scratch) { context.reportProgress($0) }
        let file = context.outputDirectory + "/" + name
        let result = try await context.effects.describeOutput(file, plan: plan)
        try await context.effects.mapping(.publishing) {
            try await context.effects.results.keepShared(file, runID: context.run.id, .chunks, name: name)
        }
        return StepOutput(file: result.json)
    }
}
