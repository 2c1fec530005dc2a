/// The definitions of the built-in kinds. Their runnable halves are in KilnPipeline.
public enum BuiltInSteps {
    public static let all: [any StepDefinition.Type] = [
        ProbeStep.self, ImportStep.self, VideoStep.self, AudioStep.self, ImageStep.self, AnimationStep.self,
        AdaptiveVideoStep.self, ExportStep.self, ConditionsStep.self,
        SpeechStep.self, SubtitlesStep.self, ChaptersStep.self, SummaryStep.self, OutlineStep.self, NSFWStep.self,
    ]
}

/// Options of a kind that takes none.
public struct NoOptions: StepOptionsValue {
    public init() {}
    public var canonical: JSONObject { JSONObject() }

    static func parse(_ json: JSONObject, kind: StepKind) throws(APIError) -> NoOptions {
        if let name = json.keys.first {
            throw .invalidOption("unknown option '\(name)' for \(kind.rawValue); \(kind.rawValue) takes no options")
        }
        return NoOptions()
    }
}

/// Fetches the input once and inspects it.
public enum ProbeStep: StepDefinition {
    public static let kind = StepKind.probe
    public static let inputRole = StepInputRole.url
    public static let reportsProgress = false
    public static let isJobKind = false
    public static let optionSpecs: [OptionSpec] = []
    public static func options(from json: JSONObject) throws(APIError) -> NoOptions { try NoOptions.parse(json, kind: kind) }
}

/// Makes the fetched copy the run's source (on its own: publishes a copy on this server).
public enum ImportStep: StepDefinition {
    public static let kind = StepKind.import
    public static let inputRole = StepInputRole.url
    public static let reportsProgress = false
    public static let isJobKind = false
    public static let optionSpecs: [OptionSpec] = []
    public static func options(from json: JSONObject) throws(APIError) -> NoOptions { try NoOptions.parse(json, kind: kind) }
}

/// Publishes a result: to `url` (`s3://…`) through a connection, or on this server.
public enum ExportStep: StepDefinition {
    public static let kind = StepKind.export
    public static let inputRole = StepInputRole.file
    public static let reportsProgress = false
    public static let isJobKind = false
    public static let optionSpecs = [
        OptionSpec("url", .text, help: "an s3://bucket/key destination; left out, the result is published on this server"),
        OptionSpec("connection_id", .text, help: "the storage connection for url; the project's default when left out"),
    ]

    public static func options(from json: JSONObject) throws(APIError) -> ExportOptions {
        for name in json.keys where !optionNames.contains(name) {
            throw .invalidOption("unknown option '\(name)' for export; allowed options: \(optionNames.joined(separator: ", "))")
        }
        var options = ExportOptions()
        switch json["url"] {
        case nil, .null?: break
        case .string(let s)?:
            try OutputURL.validate(s)
            options.url = s
        case let other?: throw .invalidRequest("options.url must be a string s3:// URL, not \(other.typeName)")
        }
        switch json["connection_id"] {
        case nil, .null?: break
        case .string(let s)? where IDSource.isWellFormed(s, prefix: .connection): options.connectionID = s
        default: throw .invalidRequest("options.connection_id must be a connection id like conn_…")
        }
        return options
    }
}

public struct ExportOptions: StepOptionsValue {
    public var url: String?
    public var connectionID: String?

    public init(url: String? = nil, connectionID: String? = nil) {
        self.url = url
        self.connectionID = connectionID
    }

    public var canonical: JSONObject {
        var fields: [JSONField] = []
        if let url { fields.append(JSONField("url", .string(url))) }
        if let connectionID { fields.append(JSONField("connection_id", .string(connectionID))) }
        return JSONObject(fields)
    }
}

/// The encode kinds share a shape: a job kind whose options are one of `JobOptions`' cases.
public protocol EncodeStepDefinition: StepDefinition where Options: EncodeOptionsValue {}

public protocol EncodeOptionsValue: StepOptionsValue {
    var jobOptions: JobOptions { get }
}

extension EncodeStepDefinition {
    public static var inputRole: StepInputRole { .file }
    public static var reportsProgress: Bool { true }
    public static var isJobKind: Bool { true }
}

public enum VideoStep: EncodeStepDefinition {
    public static let kind = StepKind.video
    public static let optionSpecs = VideoOptions.specs
    public static func options(from json: JSONObject) throws(APIError) -> VideoOptions {
        guard case .video(let o) = try JobOptions.parse(json, kind: .video) else { preconditionFailure() }
        return o
    }
}

public enum AudioStep: EncodeStepDefinition {
    public static let kind = StepKind.audio
    public static let optionSpecs = AudioOptions.specs
    public static func options(from json: JSONObject) throws(APIError) -> AudioOptions {
        guard case .audio(let o) = try JobOptions.parse(json, kind: .audio) else { preconditionFailure() }
        return o
    }
}

public enum ImageStep: EncodeStepDefinition {
    public static let kind = StepKind.image
    public static let optionSpecs = ImageOptions.specs
    public static func options(from json: JSONObject) throws(APIError) -> ImageOptions {
        guard case .image(let o) = try JobOptions.parse(json, kind: .image) else { preconditionFailure() }
        return o
    }
}

public enum AnimationStep: EncodeStepDefinition {
    public static let kind = StepKind.animation
    public static let optionSpecs = AnimationOptions.specs
    public static func options(from json: JSONObject) throws(APIError) -> AnimationOptions {
        guard case .animation(let o) = try JobOptions.parse(json, kind: .animation) else { preconditionFailure() }
        return o
    }
}

public enum AdaptiveVideoStep: EncodeStepDefinition {
    public static let kind = StepKind.adaptiveVideo
    public static let optionSpecs = AdaptiveVideoOptions.specs
    public static func options(from json: JSONObject) throws(APIError) -> AdaptiveVideoOptions {
        guard case .adaptiveVideo(let o) = try JobOptions.parse(json, kind: .adaptiveVideo) else { preconditionFailure() }
        return o
    }
}
