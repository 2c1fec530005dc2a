/// The name of a kind of step: what a task does. A string, so a kind added in its own module
/// needs no change here.
public struct StepKind: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: StepKind, rhs: StepKind) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let probe = StepKind("probe")
    public static let `import` = StepKind("import")
    public static let export = StepKind("export")
    public static let video = StepKind("video")
    public static let audio = StepKind("audio")
    public static let image = StepKind("image")
    public static let animation = StepKind("animation")
    public static let adaptiveVideo = StepKind("adaptive_video")
    public static let conditions = StepKind("conditions")
    /// A job made of a `workflow`'s steps: a job's kind, never a step's, and not one a request names.
    public static let workflow = StepKind("workflow")
    public static let speech = StepKind("speech")
    public static let subtitles = StepKind("subtitles")
    public static let chapters = StepKind("chapters")
    public static let nsfw = StepKind("nsfw")
    public static let summary = StepKind("summary")
    public static let outline = StepKind("outline")
    /// One chunk of a chunked `video` encode (a step the run gains after its import; never created by a client).
    public static let videoChunk = StepKind("video_chunk")

    /// Every kind the List Tasks page lists, including those this server may not run, and the
    /// pieces of a chunked encode, which a job lists among its tasks; `GET /tasks?kind=` accepts
    /// each of them.
    public static let listed: [StepKind] = [
        .probe, .import, .video, .audio, .image, .animation, .adaptiveVideo, .export,
        .speech, .subtitles, .chapters, .nsfw, .summary, .outline, .conditions, .videoChunk,
    ]

    /// Every kind a job may have: the five of the jobs API, and Kiln's extensions, the kinds that
    /// analyse (a job of those runs probe → import → the kind → export) and `workflow`. `GET
    /// /jobs?kind=` accepts each of them, whether or not this server runs it.
    public static let jobKinds: [StepKind] = JobKind.allCases.map(\.stepKind) + [.speech, .subtitles, .chapters, .nsfw, .summary, .outline, .workflow]

    /// The page's older names: `ingest` is `import`, `upload` is `export`.
    public static let aliases: [String: StepKind] = ["ingest": .import, "upload": .export]

    /// The kind a `?kind=` value names, if the page lists it.
    public static func listed(named name: String) -> StepKind? {
        if let alias = aliases[name] { return alias }
        return listed.first { $0.rawValue == name }
    }
}

/// The kinds of the jobs API, which encode with ffmpeg (Kiln's own job kinds are in
/// `StepKind.jobKinds`).
public enum JobKind: String, Sendable, CaseIterable, Hashable {
    case video, audio, image, animation
    case adaptiveVideo = "adaptive_video"

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The step that makes a job of this kind.
    public var stepKind: StepKind { StepKind(rawValue) }
}

/// A run's status: a job's, or a standalone task's run.
public enum RunStatus: String, Sendable, CaseIterable, Hashable {
    case queued, processing, succeeded, failed, cancelled

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

public typealias JobStatus = RunStatus

/// A step's status, as the List Tasks page lists them.
public enum TaskStatus: String, Sendable, CaseIterable, Hashable {
    case waiting, validating, queued, processing, finishing, succeeded, failed, cancelled

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
