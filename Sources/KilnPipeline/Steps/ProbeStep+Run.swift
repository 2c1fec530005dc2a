import KilnCore

extension ProbeStep: RunnableStep {
    /// Fetches the input once, through the address guard, and inspects it.
    public static func run(_ options: NoOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (_, media) = try await context.source(&workspace)
        return StepOutput(file: media.json)
    }
}
