import Foundation
import KilnCore
import KilnMedia

extension VideoStep: RunnableStep {}
extension AudioStep: RunnableStep {}
extension ImageStep: RunnableStep {}
extension AnimationStep: RunnableStep {}
extension AdaptiveVideoStep: RunnableStep {}

extension EncodeStepDefinition {
    /// Encodes the run's source with ffmpeg as the options say, reporting progress. On its own
    /// (no export follows) the step publishes its result under the task's id.
    /// A `video` or `adaptive_video` step after chunks joins them instead (`StepContext.joinChunks`).
    public static func run(_ options: Options, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let plan: EncodePlan
        if !Lifecycle.chunks(joinedBy: context.index, in: context.run).isEmpty {
            plan = try await context.joinChunks(options.jobOptions, &workspace)
        } else {
            let (path, media) = try await context.source(&workspace)
            plan = try await context.effects.mapping(.encoding) {
                try EncodePlan.make(
                    input: media, inputPath: path, options: options.jobOptions, outputDirectory: context.outputDirectory, baseName: context.baseName
                )
            }
            try await context.effects.encode(plan, kind: context.step.kind, scratch: context.scratch) { context.reportProgress($0) }
        }
        var result = try await context.effects.describeOutput(context.outputDirectory + "/" + plan.primaryOutput, plan: plan)
        if let directory = plan.outputDirectory { result.filesize = DiskUsage.bytes(at: context.outputDirectory + "/" + directory) }
        workspace.produced = RunWorkspace.Produced(primaryOutput: plan.primaryOutput, directory: plan.outputDirectory, file: result)
        guard context.isLast else { return StepOutput(file: result.json) }
        return try await context.publishProduced(workspace, under: context.step.id)
    }
}
