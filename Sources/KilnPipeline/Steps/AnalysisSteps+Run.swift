import Foundation
import KilnCore
import KilnIntelligence

extension SpeechStep: RunnableStep {
    public static func requirement(_ engines: AnalysisEngines) -> EngineRequirement? { .speech(engines) }

    /// The transcript as JSON.
    public static func run(_ options: AnalysisOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let transcript = try await context.transcript(&workspace, options, progress: 0...100)
        return try await context.finishText(json: transcript.json, format: "json", workspace: &workspace)
    }
}

extension SubtitlesStep: RunnableStep {
    public static func requirement(_ engines: AnalysisEngines) -> EngineRequirement? { .speech(engines) }

    /// Captions of the transcript, as WebVTT or SubRip.
    public static func run(_ options: AnalysisOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let transcript = try await context.transcript(&workspace, options, progress: 0...99)
        let media = try await context.source(&workspace).media
        let end = min(options.trim.end ?? .infinity, media.duration ?? transcript.duration + (options.trim.start ?? 0))
        let cues = Captions.cues(transcript, duration: end)
        let text = options.format == "srt" ? CaptionFile.subRip(cues) : CaptionFile.webVTT(cues)
        return try await context.finishText(text, format: options.format, workspace: &workspace)
    }
}

extension ChaptersStep: RunnableStep {
    /// Chapters from scene changes and silences, and from the speech when this node has a speech engine.
    public static func run(_ options: AnalysisOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let chapters = try await context.chapters(&workspace, options)
        guard options.format == "vtt" else { return try await context.finishText(json: ChapterJSON.chapters(chapters), format: "json", workspace: &workspace) }
        let cues = chapters.map { Cue(start: $0.start, end: $0.end, lines: [$0.title]) }
        return try await context.finishText(CaptionFile.webVTT(cues), format: "vtt", workspace: &workspace)
    }
}

extension SummaryStep: RunnableStep {
    public static func requirement(_ engines: AnalysisEngines) -> EngineRequirement? { .speech(engines) }

    /// A few sentences of the transcript, chosen across its chapters.
    public static func run(_ options: AnalysisOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let chapters = try await context.chapters(&workspace, options, requireSpeech: true)
        let summary = Summarizer.summary(workspace.transcript ?? Transcript(language: "en", duration: 0, segments: []), chapters: chapters)
        return try await context.finishText(json: ["text": .string(summary)], format: "json", workspace: &workspace)
    }
}

extension OutlineStep: RunnableStep {
    public static func requirement(_ engines: AnalysisEngines) -> EngineRequirement? { .speech(engines) }

    /// The chapters, each with its main points from the transcript.
    public static func run(_ options: AnalysisOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let chapters = try await context.chapters(&workspace, options)
        let sections = Summarizer.outline(workspace.transcript, chapters: chapters)
        return try await context.finishText(json: ChapterJSON.outline(sections), format: "json", workspace: &workspace)
    }
}

/// The JSON of chapters and outlines.
enum ChapterJSON {
    static func seconds(_ value: Double) -> JSONValue { .double((value * 1000).rounded() / 1000) }

    static func chapters(_ chapters: [Chapter]) -> JSONValue {
        ["chapters": .array(chapters.map { chapter in
            .object(JSONObject([
                JSONField("start", seconds(chapter.start)), JSONField("end", seconds(chapter.end)), JSONField("title", .string(chapter.title)),
            ]))
        })]
    }

    static func outline(_ sections: [Summarizer.Section]) -> JSONValue {
        ["sections": .array(sections.map { section in
            .object(JSONObject([
                JSONField("title", .string(section.title)), JSONField("start", seconds(section.start)), JSONField("end", seconds(section.end)),
                JSONField("points", .array(section.points.map { .string($0) })),
            ]))
        })]
    }
}
