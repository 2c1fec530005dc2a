/// What a job produces.
public enum JobKind: String, Sendable, CaseIterable, Hashable {
    case video, audio, image, animation
    case adaptiveVideo = "adaptive_video"

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The encode task of a job of this kind.
    public var taskKind: TaskKind {
        switch self {
        case .video: return .video
        case .audio: return .audio
        case .image: return .image
        case .animation: return .animation
        case .adaptiveVideo: return .adaptiveVideo
        }
    }
}

/// One step of work: the four steps of a job, or a standalone task.
public enum TaskKind: String, Sendable, CaseIterable, Hashable {
    case probe
    case `import`
    case video, audio, image, animation
    case adaptiveVideo = "adaptive_video"
    case export

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The job kind of an encode task.
    public var jobKind: JobKind? { JobKind(rawValue: rawValue) }

    public var isEncode: Bool {
        switch self {
        case .video, .audio, .image, .animation, .adaptiveVideo: return true
        case .probe, .import, .export: return false
        }
    }
}

public enum JobStatus: String, Sendable, CaseIterable, Hashable {
    case queued, processing, succeeded, failed, cancelled

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

public enum TaskStatus: String, Sendable, CaseIterable, Hashable {
    case waiting, validating, queued, processing, finishing, succeeded, failed, cancelled

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
