import Foundation
import KilnCore
import KilnIntelligence
import KilnMedia

extension StepContext {
    /// What is said in the run's source (between `start` and `end`), heard once per run; times
    /// are the media's. Progress runs through `progress` while the engine works.
    func transcript(_ workspace: inout RunWorkspace, _ options: AnalysisOptions, progress: ClosedRange<Double>) async throws -> Transcript {
        if let transcript = workspace.transcript { return transcript }
        let (path, media) = try await source(&workspace)
        let wav = scratch + "/speech.wav"
        let engines = effects.engines
        try await effects.mapping(.encoding) { try await engines.signals.extractSpeech(from: path, media: media, trim: options.trim, to: wav) }
        defer { try? FileManager.default.removeItem(atPath: wav) }
        let end = min(options.trim.end ?? .infinity, media.duration ?? .infinity)
        let seconds = end.isFinite ? max(0, end - (options.trim.start ?? 0)) : 0
        let started = ContinuousClock.now
        let heard = try await effects.mapping(.encoding) {
            try await engines.speech.transcribe(wav: wav, duration: seconds, language: options.language) { percent in
                reportProgress(progress.lowerBound + (progress.upperBound - progress.lowerBound) * percent / 100)
            }
        }
        if seconds > 0 { effects.metrics.encoded(kind: step.kind.rawValue, mediaSeconds: seconds, duration: ContinuousClock.now - started) }
        let transcript = heard.shifted(by: options.trim.start ?? 0)
        workspace.transcript = transcript
        return transcript
    }

    /// The chapters of the whole source. The speech counts when this node can hear it (always
    /// when `requireSpeech`, which fails without an audio track).
    func chapters(_ workspace: inout RunWorkspace, _ options: AnalysisOptions, requireSpeech: Bool = false) async throws -> [Chapter] {
        let (path, media) = try await source(&workspace)
        let engines = effects.engines
        var whole = options
        whole.trim = Trim()
        var transcript: Transcript?
        var hearsSpeech = requireSpeech
        if !hearsSpeech, media.hasAudio { hearsSpeech = await engines.speech.missing() == nil }
        if hearsSpeech {
            transcript = try await self.transcript(&workspace, whole, progress: 0...80)
        }
        let scenes = try await effects.mapping(.encoding) { try await engines.signals.sceneChanges(in: path, media: media) }
        reportProgress(90)
        let silences = try await effects.mapping(.encoding) { try await engines.signals.silences(in: path, media: media) }
        return ChapterFinder.chapters(
            duration: media.duration ?? transcript?.duration ?? 0, scenes: scenes, silences: silences, transcript: transcript,
            minimumDuration: options.minimumDuration ?? AnalysisOptions.defaultMinimumDuration
        )
    }

    /// Writes a JSON result (kept inline in the file object's `data` when under 64 KiB) and
    /// publishes it when no step follows.
    func finishText(json: JSONValue, format: String, workspace: inout RunWorkspace) async throws -> StepOutput {
        let text = json.serialized()
        return try await finishText(text, format: format, data: text.utf8.count < MediaFile.inlineDataLimit ? json : nil, workspace: &workspace)
    }

    /// Writes a text result as `<input's name>.<format>` and publishes it when no step follows.
    func finishText(_ text: String, format: String, data: JSONValue? = nil, workspace: inout RunWorkspace) async throws -> StepOutput {
        let media = try await source(&workspace).media
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let name = baseName + "." + format
        let bytes = Data(text.utf8)
        try bytes.write(to: URL(fileURLWithPath: outputDirectory + "/" + name))
        var file = MediaFile(
            kind: .text, filename: name, filesize: Int64(bytes.count), mimetype: MediaTypes.forExtension(format), format: format,
            duration: media.duration
        )
        file.data = data
        reportProgress(100)
        workspace.produced = RunWorkspace.Produced(primaryOutput: name, directory: nil, file: file)
        guard isLast else { return StepOutput(file: file.json) }
        return try await publishProduced(workspace, under: step.id)
    }
}
