import Foundation
import KilnCore

extension StepContext {
    /// Publishes what an encode produced under `id` (the job's, or a standalone task's): to the
    /// run's destination when it has one, else to the server's storage. The step is `finishing`
    /// meanwhile.
    /// A workflow step's result goes to its own `output`, or under `<job id>/<ref>/`.
    func publishProduced(_ workspace: RunWorkspace, under id: String) async throws -> StepOutput {
        guard let produced = workspace.produced else { throw RunError("export_failed", "there is no result to export") }
        try await finishing()
        let url: String
        let destination = step.ref == nil ? run.destination : step.destination
        let id = step.ref.map { "\(run.id)/\($0)" } ?? id
        if let destination {
            url = try await effects.upload(
                outputDirectory, primaryOutput: produced.primaryOutput, directory: produced.directory, to: destination,
                projectID: run.projectID, connectionID: run.connectionID, id: step.ref == nil ? id : run.id, baseName: baseName
            )
        } else if let directory = produced.directory {
            url = try await effects.publish(outputDirectory + "/" + directory, key: "\(id)/\(directory)", primary: "\(id)/\(produced.primaryOutput)")
        } else {
            url = try await effects.publish(outputDirectory + "/" + produced.primaryOutput, key: "\(id)/\(produced.primaryOutput)")
        }
        var file = produced.file
        file.url = url
        return StepOutput(file: file.json, url: url)
    }

    /// Publishes a copy of the run's input under the task's id (a standalone import or export).
    func publishSource(_ workspace: inout RunWorkspace) async throws -> StepOutput {
        let (path, media) = try await source(&workspace)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let staged = outputDirectory + "/" + inputName
        try FileManager.default.copyItem(atPath: path, toPath: staged)
        workspace.produced = RunWorkspace.Produced(primaryOutput: inputName, directory: nil, file: media)
        return try await publishProduced(workspace, under: step.id)
    }
}
