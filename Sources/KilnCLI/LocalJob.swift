import ArgumentParser
import Foundation
import KilnCore
import KilnIntelligence

/// One job through the in-process pipeline, its result moved where the user asked.
struct LocalJob {
    let display: ProgressDisplay
    var engines = EngineOptions.engines(ProcessInfo.processInfo.environment)

    func run(kind: StepKind, input: (url: String, path: String?), options: JSONObject, canonical: JSONObject, output: String?) async throws -> JobOutcome {
        try await LocalPipeline.using(engines: engines) { pipeline in
            try await run(in: pipeline, kind: kind, input: input, options: options, canonical: canonical, output: output)
        }
    }

    private func run(
        in pipeline: LocalPipeline, kind: StepKind, input: (url: String, path: String?), options: JSONObject, canonical: JSONObject, output: String?
    ) async throws -> JobOutcome {
        let destination = output.flatMap { $0.hasPrefix("s3://") ? $0 : nil }
        let request = CreateJobRequest(input: input.url, kind: kind, options: options, canonicalOptions: canonical, output: destination)
        let job = Run.newJob(from: request, projectID: "local", ids: pipeline.ids, now: pipeline.clock.nowMillis())
        let display = self.display
        let final = try await pipeline.run(job) { current in display.update(current.json()) }
        if destination != nil, final.status == .succeeded {
            return JobOutcome(job: final.json(), result: final.output)
        }
        guard final.status == .succeeded, let url = final.output, let produced = pipeline.path(ofOutput: url) else {
            return JobOutcome(job: final.json(), result: nil)
        }
        let result = try OutputPlacement.deliver(
            produced, folder: OutputPlacement.folder(kind: kind, options: canonical), output: output, inputPath: input.path, inputURL: input.url
        )
        return JobOutcome(job: final.json(), result: result)
    }
}
