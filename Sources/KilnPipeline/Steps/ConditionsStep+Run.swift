import KilnCore

extension ConditionsStep: RunnableStep {
    /// Tests the conditions against the file the step reads (the probed input, in a workflow):
    /// `{"matched": true}` lets the steps after it run; otherwise they end `cancelled` with
    /// `condition_not_met`.
    public static func run(_ options: ConditionsOptions, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let matched = options.holds(for: context.step.input)
        return StepOutput(file: ["matched": .bool(matched)], skipping: matched ? nil : Lifecycle.conditionNotMet)
    }
}
