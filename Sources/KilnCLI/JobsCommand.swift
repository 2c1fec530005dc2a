import ArgumentParser
import Foundation
import KilnCore
import KilnPipeline

/// `kiln jobs`: a client of a server's jobs API.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List, show, create and cancel jobs on a server (--server or KILN_API_URL, with KILN_API_KEY).",
        discussion: """
            Examples:
              kiln jobs --kind video --limit 10
              kiln jobs job_01J…
              kiln jobs create --kind video -i https://example.com/in.mov --width 1280
              kiln jobs create -i https://example.com/in.mov --workflow steps.json
              kiln jobs cancel job_01J…
            """,
        subcommands: [List.self, Create.self, Cancel.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List jobs, or show one with its tasks.",
            discussion: "Examples:\n  kiln jobs --status failed --limit 20\n  kiln jobs job_01J… --json"
        )
        @Argument(help: "A job id: show that job and its tasks.") var id: String?
        @Option(help: ArgumentHelp("Only jobs of this kind: \(StepRegistry.standard.catalog.jobKindNames) or workflow.")) var kind: String?
        @Option(help: "queued, processing, succeeded, failed or cancelled.") var status: String?
        @Option(help: "Only jobs of this exact input URL.") var input: String?
        @OptionGroup var page: PageOptions
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            if let id {
                try await RemoteCollection.jobs.show(id, client, json: json) { job in job["tasks"]?.arrayValue.map { "\n" + Render.taskTable($0) } }
                return
            }
            try await RemoteCollection.jobs.list(client, query: page.query(["kind": kind, "status": status, "input": input]), json: json)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a job and print it (add --wait to follow it to its end).",
            discussion: """
                Examples:
                  kiln jobs create --kind image -i https://example.com/video.mp4 \\
                    --start 5 --format webp --metadata order=42
                  kiln jobs create -i https://example.com/upload.mov \\
                    --workflow steps.json --wait
                steps.json holds the workflow: an array of steps (see `kiln run
                --help`); its results are listed by ref in the job's outputs.
                """
        )
        @Option(help: ArgumentHelp("One of: \(StepRegistry.standard.catalog.jobKindNames) (or give --workflow).")) var kind: String?
        @Option(help: "A JSON file of a workflow's steps, instead of --kind ('-' reads standard input).") var workflow: String?
        @Option(name: [.customShort("i"), .long], help: "The input URL (http, https or s3).") var input: String
        @OptionGroup var encodeOptions: ProcessingOptions
        @OptionGroup var nsfwOptions: NSFWThreshold
        @Option(help: "An s3://bucket/key destination.") var output: String?
        @Option(help: "key=value metadata; repeatable.") var metadata: [String] = []
        @Flag(help: "Follow the job until it ends; exit 1 if it fails.") var wait = false
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            var body = JSONObject([JSONField("input", .string(input))])
            switch (kind, workflow) {
            case (let kind?, nil): body["kind"] = .string(kind)
            case (nil, let file?): body["workflow"] = try WorkflowFile.read(file)
            default: throw UsageError("give either --kind or --workflow")
            }
            let options = encodeOptions.json.merging(nsfwOptions.json)
            if !options.isEmpty { body["options"] = .object(options) }
            if let output { body["output"] = .string(output) }
            if !metadata.isEmpty {
                var object = JSONObject()
                for pair in metadata {
                    guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                        throw ValidationError("--metadata takes key=value, got '\(pair)'")
                    }
                    object[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
                }
                body["metadata"] = .object(object)
            }
            var job = try await call { try await client.request(.POST, "/jobs", body: .object(body)) }
            if wait {
                let display = ProgressDisplay()
                job = try await RemoteJob(client: client, display: display).follow(job)
                display.finish()
                // A workflow has a result per ref, not one.
                if workflow != nil { return try RunCommand.report(job, json: json) }
                try JobOutcome(job: job, result: json ? nil : job["output"]?.stringValue).report(json: json)
                return
            }
            Console.line(json ? job.serialized() : Render.jobTable([job]))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a queued or processing job.", discussion: "Example:\n  kiln jobs cancel job_01J…"
        )
        @Argument(help: "The job id.") var id: String
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            try await RemoteCollection.jobs.post("cancel", to: id, client, json: json)
        }
    }
}

/// A server's `{kind, message}` becomes an error line and exit status 1 (2 for a bad request).
func call(_ body: () async throws -> JSONValue) async throws -> JSONValue {
    do {
        return try await body()
    } catch let failure as APIClient.Failure {
        Console.error("error: \(failure.kind): \(failure.message)")
        throw ExitCode(failure.status == 400 ? 2 : 1)
    }
}

/// Compact tables for people.
enum Render {
    static func jobTable(_ jobs: [JSONValue]) -> String {
        Table(header: ["ID", "KIND", "STATUS", "CREATED", "OUTPUT / ERROR"], rows: jobs.map { job in
            [
                job["id"]?.stringValue ?? "", job["kind"]?.stringValue ?? "", job["status"]?.stringValue ?? "",
                time(job["created_at"]), job["output"]?.stringValue ?? job["error"]?["message"]?.stringValue ?? "",
            ]
        }).text
    }

    static func taskTable(_ tasks: [JSONValue]) -> String {
        Table(header: ["TASK", "KIND", "STATUS", "PROGRESS", "CREATED", "ERROR"], rows: tasks.map { task in
            [
                task["id"]?.stringValue ?? "", task["kind"]?.stringValue ?? "", task["status"]?.stringValue ?? "",
                task["progress"]?.doubleValue.map { String(format: "%.0f%%", $0) } ?? "", time(task["created_at"]),
                task["error"]?["message"]?.stringValue ?? "",
            ]
        }).text
    }

    static func time(_ value: JSONValue?) -> String {
        guard let millis = value?.doubleValue else { return "" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
        return formatter.string(from: Date(timeIntervalSince1970: millis / 1000))
    }

    static func query(_ parameters: [String: String?]) -> String {
        var components = URLComponents()
        let items = parameters.keys.sorted().compactMap { key in parameters[key].flatMap { $0 }.map { URLQueryItem(name: key, value: $0) } }
        guard !items.isEmpty else { return "" }
        components.queryItems = items
        return "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}
