import KilnCore

extension ImportStep: RunnableStep {
    /// In a job, the fetched copy becomes the run's source (kept for the other workers when steps
    /// after it run elsewhere); on its own, a copy is published.
    public static func run(_ options: NoOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (path, media) = try await context.source(&workspace)
        if context.sharesImportedCopy { try await context.keepImportedCopy(path) }
        guard context.isLast else { return StepOutput(file: media.json) }
        return try await context.publishSource(&workspace)
    }
}
