import KilnCore

extension ImportStep: RunnableStep {
    /// In a job, the fetched copy becomes the run's source; on its own, a copy is published.
    public static func run(_ options: NoOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (_, media) = try await context.source(&workspace)
        guard context.isLast else { return StepOutput(file: media.json) }
        return try await context.publishSource(&workspace)
    }
}
