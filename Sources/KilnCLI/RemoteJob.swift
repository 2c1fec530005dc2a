import Foundation
import KilnCore

/// One job on a server: created, followed to its end, its result downloaded when `-o` is local.
struct RemoteJob {
    let client: APIClient
    let display: ProgressDisplay

    func run(kind: StepKind, input: String, options: JSONObject, output: String?) async throws -> JobOutcome {
        var body = JSONObject([JSONField("input", .string(input)), JSONField("kind", .string(kind.rawValue)), JSONField("options", .object(options))])
        if let output, output.hasPrefix("s3://") { body["output"] = .string(output) }
        let job = try await client.request(.POST, "/jobs", body: .object(body))
        let final = try await follow(job)
        guard final["status"] == "succeeded", let url = final["output"]?.stringValue else { return JobOutcome(job: final, result: nil) }
        if let output, output.hasPrefix("s3://") { return JobOutcome(job: final, result: url) }
        let folder = OutputPlacement.folder(kind: kind, options: options)
        let target = OutputPlacement.destination(
            for: (url as NSString).lastPathComponent, output: output, inputPath: nil, inputURL: input, folder: folder
        )
        if let folder {
            if folder == "hls" { try await client.downloadPlaylist(url, into: target) } else { try await client.downloadTrack(url, into: target) }
            return JobOutcome(job: final, result: (target as NSString).appendingPathComponent((url as NSString).lastPathComponent))
        }
        try await client.download(url, to: target)
        return JobOutcome(job: final, result: URL(fileURLWithPath: target).standardizedFileURL.path)
    }

    /// Polls the job until it ends, drawing its progress.
    func follow(_ job: JSONValue) async throws -> JSONValue {
        guard let id = job["id"]?.stringValue else { return job }
        let display = self.display
        return try await client.followUntilFinished("/jobs/\(id)", from: job) { display.update($0) }
    }
}
