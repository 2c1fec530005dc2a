import ArgumentParser
import Foundation
import KilnCore

/// `kiln run steps.json -i in.mov -o out/`: a workflow here, with the server's pipeline.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow here: one probe and import of the input, then its steps at once; results named by ref.",
        discussion: """
            steps.json holds the workflow of POST /jobs: an array of steps (or an
            object with a workflow field), each {kind, options, ref, output} (an
            encode or analysis kind) or a conditions step
            {kind: "conditions", conditions: [{prop, operator, value}], next: [steps]}.
            Each result goes to the output directory as <ref>.<ext> (an HLS stream
            or a thumbnail track as the folder <ref>/); a step with an s3:// output
            is uploaded there instead (AWS_* variables).
            Example:
              kiln run steps.json -i upload.mov -o out/
            with steps.json:
              [{"kind": "video", "options": {"width": 1280}, "ref": "web"},
               {"kind": "image", "options": {"start": 2, "format": "webp"},
                "ref": "poster"},
               {"kind": "conditions",
                "conditions": [{"prop": "duration", "operator": ">=", "value": 60}],
                "next": [{"kind": "adaptive_video", "ref": "hls"}]},
               {"kind": "subtitles", "ref": "captions"}]
            """
    )
    @Argument(help: "A JSON file of the workflow's steps ('-' reads standard input).") var steps: String
    @Option(name: [.customShort("i"), .long], help: "The input: a file path, a file:// URL, or an http(s) or s3:// URL.") var input: String
    @Option(name: [.customShort("o"), .long], help: "The directory the results go to (default: the current directory).") var output: String?
    @Option(help: "Steps run at once.") var workers: Int = 2
    @Flag(help: "Print the final job object as JSON, its outputs being the local paths.") var json = false

    func run() async throws {
        guard workers >= 1 else { throw UsageError("--workers must be at least 1") }
        try OutputPlacement.check(output)
        let workflowJSON = try WorkflowFile.read(steps)
        let parsed: [WorkflowStep]
        do {
            parsed = try Workflow.parse(workflowJSON, catalog: .builtIn)
        } catch {
            throw UsageError(error.message)
        }
        let location = try InputLocation.local(input)
        let request = CreateJobRequest(
            input: location.url, kind: .workflow, options: JSONObject(), canonicalOptions: JSONObject(), workflow: parsed, workflowJSON: workflowJSON
        )
        let directory = output ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw UsageError("-o \(directory) is a file; kiln run puts its results in a directory")
        }
        let display = ProgressDisplay()
        let (workers, json) = (self.workers, self.json)
        let job: JSONValue = try await LocalPipeline.using { pipeline in
            let run = Run.newJob(from: request, projectID: "local", ids: pipeline.ids, now: pipeline.clock.nowMillis())
            let final = try await pipeline.run(run, workers: workers) { current in display.update(current.json()) }
            var delivered = JSONObject()
            for field in final.outputs.fields {
                guard let url = field.value.stringValue else { continue }
                guard let produced = pipeline.path(ofOutput: url) else {
                    delivered[field.key] = field.value  // uploaded to s3://
                    continue
                }
                // HLS and thumbnail tracks are folders, moved whole to <ref>/.
                let isFolder = final.steps.first { $0.ref == field.key }.flatMap { OutputPlacement.folder(kind: $0.kind, options: $0.options) } != nil
                let name = (produced as NSString).lastPathComponent
                let target = (directory as NSString).appendingPathComponent(isFolder ? field.key : field.key + "." + (name as NSString).pathExtension)
                try OutputPlacement.move(isFolder ? FilePaths.parent(of: produced) : produced, to: target)
                let path = isFolder ? (target as NSString).appendingPathComponent(name) : target
                delivered[field.key] = .string(URL(fileURLWithPath: path).standardizedFileURL.path)
            }
            var object = final.json().objectValue ?? JSONObject()
            object["outputs"] = .object(delivered)
            if let first = delivered.fields.first { object["output"] = first.value }
            return .object(object)
        }
        display.finish()
        try Self.report(job, json: json)
    }

    /// A finished workflow job as `kiln run` and `kiln jobs create --workflow --wait` print it:
    /// `ref<TAB>result` lines (or the job as JSON), the results its conditions skipped on
    /// standard error, and exit status 1 when it did not succeed.
    static func report(_ job: JSONValue, json: Bool) throws {
        if json {
            Console.line(job.serialized())
        } else {
            for field in job["outputs"]?.objectValue?.fields ?? [] { Console.line("\(field.key)\t\(field.value.stringValue ?? "")") }
        }
        // A result its condition skipped is not an error, but say where it went.
        for task in job["tasks"]?.arrayValue ?? [] where task["error"]?["kind"] == "condition_not_met" {
            Console.error("\(task["ref"]?.stringValue ?? task["kind"]?.stringValue ?? "a step"): not made, its conditions did not hold for the input")
        }
        if job["status"] != "succeeded" {
            Console.error("error: \(job["error"]?["kind"]?.stringValue ?? "failed"): \(job["error"]?["message"]?.stringValue ?? "the workflow did not succeed")")
            throw ExitCode.failure
        }
    }
}
