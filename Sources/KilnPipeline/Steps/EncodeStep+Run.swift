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
    public static func run(_ options: Options, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (path, media) = try await context.source(&workspace)
        let plan = try await context.effects.mapping(.encoding) {
            try EncodePlan.make(
                input: media, inputPath: path, options: options.jobOptions, outputDirectory: context.outputDirectory, baseName: context.baseName
            )
        }
        try await context.effects.encode(plan, scratch: context.scratch) { context.reportProgress($0) }
        var result = try await context.effects.describeOutput(context.outputDirectory + "/" + plan.primaryOutput, plan: plan)
        if let directory = plan.outputDirectory { result.filesize = Self.totalSize(context.outputDirectory + "/" + directory) }
        workspace.produced = RunWorkspace.Produced(primaryOutput: plan.primaryOutput, directory: plan.outputDirectory, file: result)
        guard context.isLast else { return StepOutput(file: result.json) }
        return try await context.publishProduced(workspace, under: context.step.id)
    }

    static func totalSize(_ directory: String) -> Int64 {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total: Int64 = 0
        while let path = enumerator.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + path)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0 }
        }
        return total
    }
}
