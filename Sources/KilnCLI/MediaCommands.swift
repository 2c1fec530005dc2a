import ArgumentParser
import Foundation
import KilnCore
import KilnPipeline

/// `kiln video|audio|image|animation|adaptive`: one job, here or on a server.
struct VideoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video", abstract: "Convert, resize or trim a video.",
        discussion: "Example:\n  kiln video -i upload.mov -o web.mp4 --width 1280 --quality high"
    )
    @OptionGroup var media: MediaArguments
    func run() async throws { try await media.run(kind: .video) }
}

struct AudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio", abstract: "Extract or convert audio.",
        discussion: "Example:\n  kiln audio -i interview.mp4 --format mp3 --quality high"
    )
    @OptionGroup var media: MediaArguments
    func run() async throws { try await media.run(kind: .audio) }
}

struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Make an image from an image or a video frame.",
        discussion: "Example:\n  kiln image -i video.mp4 --start 5 --format webp --width 640"
    )
    @OptionGroup var media: MediaArguments
    func run() async throws { try await media.run(kind: .image) }
}

struct AnimationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "animation", abstract: "Make a GIF or animated WebP from a video clip.",
        discussion: "Example:\n  kiln animation -i video.mp4 --start 2 --end 5 --width 480 --fps 12"
    )
    @OptionGroup var media: MediaArguments
    func run() async throws { try await media.run(kind: .animation) }
}

struct AdaptiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adaptive", abstract: "Make an HLS stream (master playlist and renditions) in a directory.",
        discussion: "Example:\n  kiln adaptive -i video.mp4 -o stream/ --quality high"
    )
    @OptionGroup var media: MediaArguments
    func run() async throws { try await media.run(kind: .adaptiveVideo) }
}

/// What every encode command takes.
struct MediaArguments: ParsableArguments {
    @OptionGroup var job: JobArguments
    @OptionGroup var options: ProcessingOptions

    func run(kind: JobKind) async throws { try await job.runner.run(kind: kind.stepKind, options: options.json) }
}

/// What every processing command takes besides its kind's options: where the input is, where the
/// result goes, and where the work runs. (The analysis commands put their options between the two
/// halves, so each half is a group of its own.)
struct JobArguments: ParsableArguments {
    @OptionGroup var files: JobFiles
    @OptionGroup var place: JobPlace

    var json: Bool { place.json }
    /// Runs one job with these arguments.
    var runner: JobRunner { place.runner(files) }
}

/// Where a processing command's input is and where its result goes.
struct JobFiles: ParsableArguments {
    @Option(name: [.customShort("i"), .long], help: "The input: a file path, a file:// URL, or an http(s) or s3:// URL.")
    var input: String
    @Option(name: [.customShort("o"), .long], help: "Where the result goes: a file, a directory, or s3://bucket/key. Default: beside the input.")
    var output: String?
}

/// Where a processing command's job runs (here or on a server) and how its end is printed.
struct JobPlace: ParsableArguments {
    @OptionGroup var server: ServerOptions
    @Flag(help: "Run here even when KILN_API_URL names a server.") var local = false
    @Flag(help: "Print the final job object as JSON.") var json = false

    /// Runs one job of `files` here or on the server.
    func runner(_ files: JobFiles) -> JobRunner { JobRunner(input: files.input, output: files.output, server: server, local: local, json: json) }
}

/// One job of any kind, here (the in-process pipeline) or on a server, reported the same way.
struct JobRunner {
    var input: String
    var output: String?
    var server: ServerOptions
    var local: Bool
    var json: Bool
    var engines = EngineOptions.engines(ProcessInfo.processInfo.environment)

    /// Runs one job of `kind` (its options checked here first, by the API's rules), reports it,
    /// and returns how it ended.
    @discardableResult
    func run(kind: StepKind, options: JSONObject) async throws -> JobOutcome {
        try OutputPlacement.check(output)
        // The options are checked as `POST /jobs` checks them, before anything runs.
        let canonical = try LocalOptions.check(options, kind: kind, unit: "job").canonical
        let client = local ? nil : try server.client(required: false)
        let display = ProgressDisplay()
        let outcome: JobOutcome
        if let client {
            outcome = try await RemoteJob(client: client, display: display).run(
                kind: kind, input: try InputLocation.remote(input), options: options, output: output
            )
        } else {
            if let missing = await StepRegistry.standard.missingEngine(for: kind, engines) {
                throw UsageError("\(kind.rawValue) cannot run here: it needs \(missing)")
            }
            let location = try InputLocation.local(input)
            outcome = try await LocalJob(display: display, engines: engines).run(
                kind: kind, input: location, options: options, canonical: canonical, output: output
            )
        }
        display.finish()
        try outcome.report(json: json)
        return outcome
    }
}

/// How a job ended, as the commands report it.
struct JobOutcome {
    var job: JSONValue
    /// Where the result is: a local path, or the server's URL when it was not downloaded.
    var result: String?

    func report(json: Bool) throws {
        let succeeded = job["status"] == "succeeded"
        if json {
            var object = job.objectValue ?? JSONObject()
            if let result { object["output"] = .string(result) }
            Console.line(JSONValue.object(object).serialized())
        } else if succeeded, let result {
            Console.line(result)
        }
        if !succeeded {
            let error = job["error"]
            Console.error("error: \(error?["kind"]?.stringValue ?? "failed"): \(error?["message"]?.stringValue ?? "the job did not succeed")")
            throw ExitCode.failure
        }
    }
}

/// An input as a command line gives it.
enum InputLocation {
    /// A URL the server reads itself.
    static func remote(_ text: String) throws -> String {
        if let scheme = URL(string: text)?.scheme?.lowercased(), ["http", "https", "s3"].contains(scheme) { return text }
        throw UsageError("a server cannot read the local file \(text); give an http(s) or s3:// URL, or add --local")
    }

    /// A path or URL for this process: local paths become file:// URLs.
    static func local(_ text: String) throws -> (url: String, path: String?) {
        guard !text.isEmpty else { throw UsageError("-i needs a file path or a URL") }
        if let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https", "s3"].contains(scheme) {
            return (text, nil)
        }
        let path = text.hasPrefix("file://") ? (URL(string: text)?.path ?? "") : text
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), FileManager.default.isReadableFile(atPath: absolute) else {
            throw UsageError("cannot read the input file \(path)")
        }
        guard !isDirectory.boolValue else { throw UsageError("the input \(path) is a directory, not a file") }
        return (URL(fileURLWithPath: absolute).absoluteString, absolute)
    }
}
