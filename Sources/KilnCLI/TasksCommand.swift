import ArgumentParser
import Foundation
import KilnCore
import KilnPipeline

/// `kiln tasks`: a client of a server's tasks API.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List, show and cancel tasks on a server (--server or KILN_API_URL, with KILN_API_KEY).",
        discussion: """
            Examples:
              kiln tasks --job-id job_01J…
              kiln tasks --kind probe --status failed --limit 50
              kiln tasks task_01J… --json
              kiln tasks cancel task_01J…
            """,
        subcommands: [List.self, Cancel.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List tasks, or show one.",
            discussion: "Examples:\n  kiln tasks --kind probe --status failed\n  kiln tasks task_01J… --json"
        )
        @Argument(help: "A task id: show that task.") var id: String?
        @Option(help: "waiting, queued, processing, succeeded, failed or cancelled.") var status: String?
        @Option(help: ArgumentHelp("Only tasks of this kind: \(StepKind.listed.map(\.rawValue).joined(separator: ", ")).")) var kind: String?
        @Option(name: .customLong("job-id"), help: "Tasks of this job.") var jobID: String?
        @Option(name: .customLong("run-id"), help: "Another name for --job-id.") var runID: String?
        @Option(name: .customLong("created-by"), help: "A job id or an API key id.") var createdBy: String?
        @OptionGroup var page: PageOptions
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            if let id {
                try await RemoteCollection.tasks.show(id, client, json: json)
                return
            }
            let query = page.query(["status": status, "kind": kind, "job_id": jobID, "run_id": runID, "created_by": createdBy])
            try await RemoteCollection.tasks.list(client, query: query, json: json)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a standalone task, or the job a task belongs to.", discussion: "Example:\n  kiln tasks cancel task_01J…"
        )
        @Argument(help: "The task id.") var id: String
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            try await RemoteCollection.tasks.post("cancel", to: id, client, json: json)
        }
    }
}

/// `kiln task <kind>`: one step on its own, here or on a server. Its result — the output file
/// object — goes to standard output, so steps compose through pipes:
///   kiln task probe -i video.mp4 | kiln task image -i - --start 2 --width 320
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run one task (probe, import, video, audio, image, animation, adaptive_video, export) and print its output as JSON.",
        discussion: """
            -i takes a URL or path (for probe and import), a file object or task JSON (for the
            others), or - to read that JSON from standard input.
            Example:
              kiln task probe -i https://example.com/video.mp4 | kiln task image -i - --start 5 --format webp
            """
    )
    @Argument(help: ArgumentHelp("One of: \(StepRegistry.standard.catalog.kindNames).")) var kind: String
    @Option(name: [.customShort("i"), .long], help: "A URL or path, a file object or task as JSON, or - for standard input.") var input: String
    @Option(name: [.customShort("o"), .long], help: "Where an encode's result goes (a file or directory); default beside the input.") var output: String?
    @OptionGroup var encodeOptions: ProcessingOptions
    @OptionGroup var nsfwOptions: NSFWThreshold
    @OptionGroup var server: ServerOptions
    @Flag(help: "Run here even when KILN_API_URL names a server.") var local = false
    @Flag(help: "Print the whole task object instead of its output.") var json = false

    /// The options given as flags, as the API takes them.
    private var options: JSONObject { encodeOptions.json.merging(nsfwOptions.json) }

    func run() async throws {
        guard let taskKind = StepRegistry.standard.catalog[StepKind(kind)]?.kind else {
            throw UsageError("'\(kind)' is not a task kind; use one of: \(StepRegistry.standard.catalog.kindNames)")
        }
        try OutputPlacement.check(output)
        let given = try readInput()
        let client = local ? nil : try server.client(required: false)
        let display = ProgressDisplay()
        let task: JSONValue
        var result: String?
        if let client {
            var body = JSONObject([JSONField("kind", .string(taskKind.rawValue)), JSONField("input", given)])
            if !options.isEmpty { body["options"] = .object(options) }
            let created = try await call { try await client.request(.POST, "/tasks", body: .object(body)) }
            let id = created["id"]?.stringValue ?? ""
            task = try await client.followUntilFinished("/tasks/\(id)", from: created) { display.update(["tasks": [$0]]) }
            if let url = task["output"]?["url"]?.stringValue, taskKind != .probe, task["status"] == "succeeded", let output, !output.hasPrefix("s3://") {
                let target = OutputPlacement.destination(for: (url as NSString).lastPathComponent, output: output, inputPath: nil, inputURL: url, folder: nil)
                try await client.download(url, to: target)
                result = target
            }
        } else {
            (task, result) = try await LocalTask(display: display).run(kind: taskKind, input: given, options: options, output: output)
        }
        display.finish()
        var shown = task
        if let result, case .object(var object) = shown, case .object(var file)? = object["output"] {
            file["url"] = .string(URL(fileURLWithPath: result).absoluteString)
            object["output"] = .object(file)
            shown = .object(object)
        }
        guard task["status"] == "succeeded" else {
            Console.error("error: \(task["error"]?["kind"]?.stringValue ?? "failed"): \(task["error"]?["message"]?.stringValue ?? "the task did not succeed")")
            throw ExitCode.failure
        }
        Console.line(json ? shown.serialized() : (shown["output"] ?? .null).serialized())
    }

    /// The input as the API takes it: `{"url": …}` or a file object (a task's output).
    private func readInput() throws -> JSONValue {
        var text = input
        if text == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard text.hasPrefix("{") else { return ["url": .string(text)] }
        guard let value = try? JSONParser.parse(text), case .object(let object) = value else {
            throw UsageError("-i is not valid JSON")
        }
        if object["object"] == "task" {
            guard let output = object["output"], output.objectValue != nil else { throw UsageError("that task has no output yet") }
            return output
        }
        return value
    }
}

/// One standalone task through the in-process pipeline.
struct LocalTask {
    let display: ProgressDisplay

    func run(kind: StepKind, input: JSONValue, options: JSONObject, output: String?) async throws -> (JSONValue, String?) {
        guard let raw = input["url"]?.stringValue else { throw UsageError("the input has no url") }
        let location = try InputLocation.local(raw)
        var file = input.objectValue ?? JSONObject()
        file["url"] = .string(location.url)
        // The options are checked as `POST /tasks` checks them; the input may be a local file here.
        let (entry, canonical) = try LocalOptions.check(options, kind: kind, unit: "task")
        let shown: JSONValue = entry.inputRole == .url ? ["object": "external_file", "url": .string(location.url)] : .object(file)
        let request = CreateTaskRequest(
            kind: kind, input: shown, inputURL: location.url, canonicalOptions: canonical,
            destination: canonical["url"]?.stringValue, connectionID: canonical["connection_id"]?.stringValue
        )
        return try await LocalPipeline.using { pipeline in try await run(in: pipeline, kind: kind, request: request, location: location, output: output) }
    }

    private func run(in pipeline: LocalPipeline, kind: StepKind, request: CreateTaskRequest, location: (url: String, path: String?), output: String?) async throws -> (JSONValue, String?) {
        let run = Run.newTask(from: request, projectID: "local", createdBy: "local", ids: pipeline.ids, now: pipeline.clock.nowMillis())
        let display = self.display
        let final = try await pipeline.run(run) { current in display.update(["tasks": .array(current.steps.map { $0.json() })]) }
        var task = final.steps[0]
        guard task.status == .succeeded, kind != .probe, let url = task.output["url"]?.stringValue, let produced = pipeline.path(ofOutput: url) else {
            return (task.json(), nil)
        }
        let result = try OutputPlacement.deliver(
            produced, folder: kind == .adaptiveVideo ? "hls" : (kind == .image && request.canonicalOptions["interval"] != nil ? "thumbnails" : nil), output: output, inputPath: location.path, inputURL: location.url
        )
        if case .object(var object) = task.output {
            object["url"] = .string(URL(fileURLWithPath: result).absoluteString)
            object["filename"] = .string((result as NSString).lastPathComponent)
            task.output = .object(object)
        }
        return (task.json(), nil)
    }
}
