import Foundation
import KilnCore
import KilnIntelligence
import KilnMedia

/// What a running step may use: its run, its scratch directory, progress and the node's side
/// effects, each failure already mapped to the documented error of a task.
public struct StepContext: Sendable {
    public let run: Run
    public let index: Int
    /// The scratch directory of this worker's claim (the step and those that continue on its
    /// worker); `out/` below it holds results before they are published.
    public let scratch: String
    /// The run's folder on this node, shared by its steps running here: the input is `input` below it.
    public let runScratch: String
    public let effects: NodeEffects
    /// The node's `--chunk-seconds`: an import plans chunks for encodes of spans longer than this (0: never).
    public let chunkSeconds: Double
    let progressBox: ProgressBox
    let markFinishing: @Sendable () async throws -> Void

    public init(
        run: Run, index: Int, scratch: String, runScratch: String, effects: NodeEffects, chunkSeconds: Double = 0,
        markFinishing: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.init(
            run: run, index: index, scratch: scratch, runScratch: runScratch, effects: effects, chunkSeconds: chunkSeconds, progressBox: ProgressBox(),
            markFinishing: markFinishing
        )
    }

    init(
        run: Run, index: Int, scratch: String, runScratch: String, effects: NodeEffects, chunkSeconds: Double, progressBox: ProgressBox,
        markFinishing: @escaping @Sendable () async throws -> Void
    ) {
        self.chunkSeconds = chunkSeconds
        self.run = run
        self.index = index
        self.scratch = scratch
        self.runScratch = runScratch
        self.effects = effects
        self.progressBox = progressBox
        self.markFinishing = markFinishing
    }

    public var step: Step { run.steps[index] }
    /// Whether no step follows: the step publishes its own result.
    public var isLast: Bool { RunGraph(run.steps).dependents(of: index).isEmpty }
    public var outputDirectory: String { scratch + "/out" }
    public var inputPath: String { runScratch + "/input" }

    /// Progress as a percentage; recorded at most once a second.
    public func reportProgress(_ percent: Double) { progressBox.set(percent) }

    /// The step is publishing or uploading its result (`finishing`).
    public func finishing() async throws { try await markFinishing() }

    /// The input's file name, from its URL.
    public var inputName: String { Self.inputName(of: run.input) }

    static func inputName(of input: String) -> String {
        let name = URL(string: input)?.lastPathComponent ?? ""
        return name.isEmpty || name == "/" ? "input" : name
    }

    /// A safe file name for outputs: the input's name without its extension.
    public var baseName: String {
        let stem = (inputName as NSString).deletingPathExtension
        let allowed = stem.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" }
        let cleaned = String(allowed.prefix(80)).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        return cleaned.isEmpty ? "output" : cleaned
    }

    /// The run's input on this disk, probed: what an earlier step here fetched, the run's one
    /// imported copy (when its steps run on several workers), or fetched now.
    public func source(_ workspace: inout RunWorkspace) async throws -> (path: String, media: MediaFile) {
        if let path = workspace.source, let media = workspace.media { return (path, media) }
        let path = try await localInput()
        var media = try await effects.probe(path, filename: inputName)
        media.url = run.input
        workspace.source = path
        workspace.media = media
        return (path, media)
    }
}

extension StepContext {
    /// Whether a step after the import reads the run's input on another worker, so the import
    /// keeps its copy where every node finds it (`RunGraph.sharesImport`).
    var sharesImportedCopy: Bool {
        let graph = RunGraph(run.steps)
        guard run.isJob, let importIndex = run.steps.firstIndex(where: { $0.kind == .import }) else { return false }
        return graph.sharesImport(importIndex)
    }

    /// Keeps the input at `path` as the run's imported copy, for the steps that run elsewhere.
    func keepImportedCopy(_ path: String) async throws {
        try await effects.mapping(.publishing) { try await effects.results.keepShared(path, runID: run.id, .input, name: inputName) }
    }

    /// The input's path on this disk; every download lands under a temporary name and is renamed,
    /// so steps of the run starting here at once never read half a file.
    private func localInput() async throws -> String {
        if let published = try await effects.localPath(of: run.input) { return published }
        if FileManager.default.fileExists(atPath: inputPath) { return inputPath }
        try FileManager.default.createDirectory(atPath: runScratch, withIntermediateDirectories: true)
        let partial = inputPath + ".part-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let imported = run.steps.first { $0.kind == .import }?.status == .succeeded && sharesImportedCopy
        if imported, let path = try await effects.shared(runID: run.id, .input, name: inputName, downloadingTo: partial) {
            if path != partial { return path }
        } else {
            try await effects.fetch(run.input, projectID: run.projectID, connectionID: run.connectionID, to: partial)
        }
        if !FileManager.default.fileExists(atPath: inputPath) { _ = rename(partial, inputPath) }
        return inputPath
    }
}

/// What the steps of a run hand on to the next.
public struct RunWorkspace: Sendable {
    /// The input on this disk.
    public var source: String?
    public var media: MediaFile?
    /// What an encode produced under the output directory.
    public var produced: Produced?
    /// What the speech engine heard, once a step of the run has asked for it.
    public var transcript: Transcript?

    public struct Produced: Sendable {
        public var primaryOutput: String
        /// The folder of an HLS result, relative to the output directory.
        public var directory: String?
        public var file: MediaFile
    }

    public init() {}
}
