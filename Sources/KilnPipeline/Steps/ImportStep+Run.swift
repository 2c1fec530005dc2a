import KilnCore

extension ImportStep: RunnableStep {
    /// In a job, the fetched copy becomes the run's source (kept for the other workers when steps
    /// after it run elsewhere, as the chunks of a long `video` job's encode do); on its own, a copy is published.
    public static func run(_ options: NoOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (path, media) = try await context.source(&workspace)
        let chunks = try await context.plannedChunks(path: path, media: media)
        if context.sharesImportedCopy || !chunks.isEmpty { try await context.keepImportedCopy(path) }
        guard context.isLast else { return StepOutput(file: media.json, chunks: chunks) }
        return try await context.publishSource(&workspace)
    }
}
