import Foundation
import KilnMedia

/// The engines of the analysis kinds, configured by path and name (never downloaded): built once
/// per node, checked when it starts.
public struct AnalysisEngines: Sendable {
    public var speech: SpeechEngine
    public var signals: MediaSignals
    public var nsfw: NSFWEngine

    public init(speech: SpeechEngine, signals: MediaSignals = MediaSignals(), nsfw: NSFWEngine = NSFWEngine()) {
        self.speech = speech
        self.signals = signals
        self.nsfw = nsfw
    }

    /// The best speech model installed, put together (when it ships in parts) under the
    /// system's temporary directory.
    public static let standard = AnalysisEngines(
        speech: SpeechEngine(cacheDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("kiln-models").path)
    )
}

/// Something a kind needs beyond ffmpeg, which a machine may lack: an engine with its model.
public struct EngineRequirement: Sendable {
    /// Names the engine: kinds that need the same engine share one check.
    public let name: String
    /// What is missing and how to install it; nil when the engine is ready.
    public let missing: @Sendable () async -> String?

    public init(name: String, missing: @escaping @Sendable () async -> String?) {
        self.name = name
        self.missing = missing
    }

    public static func speech(_ engines: AnalysisEngines) -> EngineRequirement {
        EngineRequirement(name: "speech") { await engines.speech.missing() }
    }

    public static func nsfw(_ engines: AnalysisEngines) -> EngineRequirement {
        EngineRequirement(name: "nsfw") { await engines.nsfw.missing() }
    }
}
