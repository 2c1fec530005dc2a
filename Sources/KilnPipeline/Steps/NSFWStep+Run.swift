import Foundation
import KilnCore
import KilnIntelligence

extension NSFWStep: RunnableStep {
    public static func requirement(_ engines: AnalysisEngines) -> EngineRequirement? { .nsfw(engines) }

    /// Classifies the source's sampled frames and writes the report as `<name>.nsfw.json`; on its
    /// own (no export follows) the step publishes it under the task's id. The task's output is
    /// the report's file object, with the report itself as `data` when it is under 64 KiB.
    public static func run(_ options: NSFWOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (path, media) = try await context.source(&workspace)
        guard media.kind == .image || media.hasVideo else {
            throw RunError("unsupported_media", "nsfw needs a video or an image; this input has no picture")
        }
        let frames = try await context.effects.classifyNSFW(path, isImage: media.kind == .image, interval: options.interval, scratch: context.scratch)
        let report = NSFWReport(frames: frames, threshold: options.threshold)
        let text = report.json.serialized()
        let name = context.baseName + ".nsfw.json"
        try FileManager.default.createDirectory(atPath: context.outputDirectory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: context.outputDirectory + "/" + name))
        var file = MediaFile(kind: .text, filename: name, filesize: Int64(text.utf8.count), mimetype: MediaTypes.forExtension("json"), format: "json")
        file.data = text.utf8.count < MediaFile.inlineDataLimit ? report.json : nil
        workspace.produced = RunWorkspace.Produced(primaryOutput: name, directory: nil, file: file)
        guard context.isLast else { return StepOutput(file: file.json) }
        return try await context.publishProduced(workspace, under: context.step.id)
    }
}
