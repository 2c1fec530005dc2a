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
    public static let nsfw = StepKind("nsfw")

    /// Every kind the List Tasks page lists, including those this server may not run; `GET
    /// /tasks?kind=` accepts each of them.
    public static let listed: [StepKind] = [
        .probe, .import, .video, .audio, .image, .animation, .adaptiveVideo, .export,
        StepKind("speech"), StepKind("subtitles"), StepKind("chapters"), .nsfw,
        StepKind("summary"), StepKind("outline"), StepKind("conditions"),
    ]

    /// The page's older names: `ingest` is `import`, `upload` is `export`.
    public static let aliases: [String: StepKind] = ["ingest": .import, "upload": .export]

    /// The kind a `?kind=` value names, if the page lists it.
    public static func listed(named name: String) -> StepKind? {
        if let alias = aliases[name] { return alias }
        return listed.first { $0.rawValue == name }
    }
}

/// What a job produces.
public enum JobKind: String, Sendable, CaseIterable, Hashable {
    case video, audio, image, animation
    case adaptiveVideo = "adaptive_video"
    /// A Kiln extension of the five kinds: probe → import → nsfw → export.
    case nsfw

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
