import Foundation
import KilnCore
import KilnIntelligence
import KilnMedia

/// What a running step may use: its run, its scratch directory, progress and the node's side
/// effects, each failure already mapped to the documented error of a task.
public struct StepContext: Sendable {
    public let run: Run
    public let index: Int
    /// The run's scratch directory; `out/` below it holds results before they are published.
    public let scratch: String
    public let effects: NodeEffects
    let progressBox: ProgressBox
    let markFinishing: @Sendable () async throws -> Void

    public var step: Step { run.steps[index] }
    /// Whether no step follows: the step publishes its own result.
    public var isLast: Bool { index == run.steps.count - 1 }
    public var outputDirectory: String { scratch + "/out" }
    public var inputPath: String { scratch + "/input" }

    /// Progress as a percentage; recorded at most once a second.
    public func reportProgress(_ percent: Double) { progressBox.set(percent) }

    /// The step is publishing or uploading its result (`finishing`).
    public func finishing() async throws { try await markFinishing() }

    /// The input's file name, from its URL.
    public var inputName: String {
        let name = URL(string: run.input)?.lastPathComponent ?? ""
        return name.isEmpty || name == "/" ? "input" : name
    }

    /// A safe file name for outputs: the input's name without its extension.
    public var baseName: String {
        let stem = (inputName as NSString).deletingPathExtension
        let allowed = stem.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" }
        let cleaned = String(allowed.prefix(80)).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        return cleaned.isEmpty ? "output" : cleaned
    }

    /// The run's input on this disk, probed: what an earlier step fetched, or fetched now.
    public func source(_ workspace: inout RunWorkspace) async throws -> (path: String, media: MediaFile) {
        if let path = workspace.source, let media = workspace.media { return (path, media) }
        var path = inputPath
        if let published = try await effects.localPath(of: run.input) {
            path = published
        } else {
            try await effects.fetch(run.input, projectID: run.projectID, connectionID: run.connectionID, to: inputPath)
        }
        var media = try await effects.probe(path, filename: inputName)
        media.url = run.input
        workspace.source = path
        workspace.media = media
        return (path, media)
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
