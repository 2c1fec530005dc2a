import Foundation
import KilnCore

/// ffprobe and ffmpeg: probing a file, and running an `EncodePlan` with progress.
public struct FFmpeg: Sendable {
    public var runner: ProcessRunner
    public var ffmpegPath: String
    public var ffprobePath: String

    public init(runner: ProcessRunner = .live, ffmpegPath: String = "ffmpeg", ffprobePath: String = "ffprobe") {
        self.runner = runner
        self.ffmpegPath = ffmpegPath
        self.ffprobePath = ffprobePath
    }

    static let maximumProbeOutput = 4 << 20

    /// Probes a local file; `MediaError.notMedia` when ffprobe finds no usable stream, and
    /// `MediaError.tooManyPixels` when a picture is larger than `maximumPixels`.
    public func probe(path: String, filename: String?, maximumPixels: Int64? = nil) async throws -> MediaFile {
        let collected = LineCollector(limit: Self.maximumProbeOutput)
        var arguments = ["-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_format", "-show_streams"]
        // ffprobe decodes a still image to learn its pixel format: a 16000×16000 PNG of 746 KB
        // takes 800 MiB. Its decoders refuse a larger picture before allocating it.
        if let maximumPixels { arguments += ["-max_pixels", String(min(maximumPixels, Int64(Int32.max)))] }
        let outcome = try await runner.run(ProcessCommand(ffprobePath, arguments + [path]), { collected.append($0) })
        if let maximumPixels, let (width, height) = PixelLimit.refusedSize(in: outcome.errorTail) {
            throw MediaError.tooManyPixels(width: width, height: height, limit: maximumPixels)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: (path as NSString).resolvingSymlinksInPath)[.size] as? NSNumber)?.int64Value
        guard outcome.succeeded, let json = try? JSONParser.parse(collected.text),
            let file = ProbeParser.parse(json, filename: filename, filesize: size)
        else {
            let reason = FFmpegMessage.clean(outcome.errorTail, paths: [path])
            throw MediaError.notMedia(reason: reason)
        }
        // Formats whose size the demuxer knows without decoding are checked on the result.
        if let maximumPixels, let width = file.width, let height = file.height, Int64(width) * Int64(height) > maximumPixels {
            throw MediaError.tooManyPixels(width: width, height: height, limit: maximumPixels)
        }
        return file
    }

    /// Runs the plan; `progress` gets 0–100 as ffmpeg reports its position. `MediaError.encodeFailed` when ffmpeg fails.
    public func encode(_ plan: EncodePlan, scratchPaths: [String], progress: @escaping @Sendable (Double) -> Void) async throws {
        let expected = plan.expectedDuration
        let outcome = try await runner.run(ProcessCommand(ffmpegPath, plan.arguments)) { line in
            guard let expected, expected > 0 else { return }
            if line.hasPrefix("out_time_us="), let micros = Double(line.dropFirst("out_time_us=".count)) {
                progress(min(99.9, max(0, micros / 1_000_000 / expected * 100)))
            }
        }
        try Task.checkCancellation()
        guard outcome.succeeded else {
            let message = FFmpegMessage.clean(outcome.errorTail, paths: scratchPaths)
            throw MediaError.encodeFailed("ffmpeg failed" + (message.isEmpty ? " (exit \(outcome.exitCode.map(String.init) ?? "by signal"))" : ": \(message)"))
        }
    }
}

/// Collects a program's output lines up to a limit.
public final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    private var size = 0
    private let limit: Int

    public init(limit: Int = 64 << 20) { self.limit = limit }

    public func append(_ line: String) {
        lock.withLock {
            guard size < limit else { return }
            size += line.utf8.count + 1
            collected.append(line)
        }
    }

    public var lines: [String] { lock.withLock { collected } }
    public var text: String { lines.joined(separator: "\n") }
}

/// ffmpeg's error output made fit for a client: the last useful lines, no server paths.
public enum FFmpegMessage {
    public static func clean(_ tail: String, paths: [String], maximumLength: Int = 600) -> String {
        var text = tail
        for path in paths.sorted(by: { $0.count > $1.count }) where !path.isEmpty {
            text = text.replacingOccurrences(of: path, with: (path as NSString).lastPathComponent)
        }
        // Any other absolute path keeps only its last component.
        text = text.replacingOccurrences(of: #"(/[^/\s:'"]+)+/([^/\s:'"]+)"#, with: "$2", options: .regularExpression)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var kept: [String] = []
        var length = 0
        for line in lines.reversed() {
            if length + line.count > maximumLength { break }
            kept.insert(line, at: 0)
            length += line.count + 2
        }
        return kept.joined(separator: "; ")
    }
}
