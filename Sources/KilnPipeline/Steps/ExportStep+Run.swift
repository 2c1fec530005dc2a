import KilnCore

extension ExportStep: RunnableStep {
    /// Publishes what the encode produced (in a job) or the input itself (on its own): to the
    /// run's `s3://` destination through its connection, or to the server's storage.
    public static func run(_ options: ExportOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        guard workspace.produced != nil else { return try await context.publishSource(&workspace) }
        return try await context.publishProduced(workspace, under: context.run.id)
    }
}
