import ArgumentParser
import Foundation
import KilnCore

/// `kiln speech|subtitles|chapters|summary|outline`: one analysis job, here or on a server.
struct SpeechCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech", abstract: "Transcribe the speech of an audio or video file (JSON with segments and words).",
        discussion: "Example:\n  kiln speech -i talk.mp4 -o talk.json --language en"
    )
    @OptionGroup var analysis: AnalysisArguments
    func run() async throws { try await analysis.run(kind: .speech) }
}

struct SubtitlesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subtitles", abstract: "Make captions from the speech (WebVTT or SubRip).",
        discussion: "Example:\n  kiln subtitles -i talk.mp4 -o talk.vtt\n  kiln subtitles -i talk.mp4 --format srt"
    )
    @OptionGroup var analysis: AnalysisArguments
    func run() async throws { try await analysis.run(kind: .subtitles) }
}

struct ChaptersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chapters", abstract: "Find the chapters of a video or audio file (JSON, or a WebVTT chapters track).",
        discussion: "Example:\n  kiln chapters -i talk.mp4 --min-duration 60 --format vtt"
    )
    @OptionGroup var analysis: AnalysisArguments
    func run() async throws { try await analysis.run(kind: .chapters) }
}

struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Summarise what is said in a few sentences, each one said in it (JSON).",
        discussion: "Example:\n  kiln summary -i talk.mp4"
    )
    @OptionGroup var analysis: AnalysisArguments
    func run() async throws { try await analysis.run(kind: .summary) }
}

struct OutlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outline", abstract: "Outline what is said: the chapters with their main points (JSON).",
        discussion: "Example:\n  kiln outline -i talk.mp4 --min-duration 60"
    )
    @OptionGroup var analysis: AnalysisArguments
    func run() async throws { try await analysis.run(kind: .outline) }
}

/// What every analysis command takes; only the flags given become options, checked by the same
/// rules as the API (an option the kind does not have is refused by name).
struct AnalysisArguments: ParsableArguments {
    @OptionGroup var files: JobFiles
    @Option(help: "Output format (speech, summary, outline: json; subtitles: vtt, srt; chapters: json, vtt).") var format: String?
    @Option(help: "The language spoken, an ISO 639-1 code like en or fr; default: detected.") var language: String?
    @Option(help: "Start time in seconds (speech, subtitles).") var start: Double?
    @Option(help: "End time in seconds (speech, subtitles).") var end: Double?
    @Option(name: .customLong("min-duration"), help: "The shortest chapter in seconds (chapters, outline; default 30).") var minDuration: Double?
    @OptionGroup var engines: EngineOptions
    @OptionGroup var place: JobPlace

    /// The options object, as the API would receive it.
    var options: JSONObject {
        var object = JSONObject()
        if let format { object["format"] = .string(format) }
        if let language { object["language"] = .string(language) }
        if let start { object["start"] = .double(start) }
        if let end { object["end"] = .double(end) }
        if let minDuration { object["min_duration"] = .double(minDuration) }
        return object
    }

    func run(kind: StepKind) async throws {
        var runner = place.runner(files)
        runner.engines = engines.engines(ProcessInfo.processInfo.environment)
        try await runner.run(kind: kind, options: options)
    }
}
