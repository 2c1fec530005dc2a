import Foundation
import KilnCore
import KilnMedia

/// What ffmpeg tells about a file beyond probing: its speech as the engine reads it, its scene
/// changes and its long silences.
public struct MediaSignals: Sendable {
    public var ffmpegPath: String
    public var runner: ProcessRunner

    public init(ffmpegPath: String = "ffmpeg", runner: ProcessRunner = .live) {
        self.ffmpegPath = ffmpegPath
        self.runner = runner
    }

    /// A scene score above this is a cut (ffmpeg's `scene` is 0–1; 0.4 is its documentation's example).
    public static let sceneThreshold = 0.4
    /// Quieter than this for `silenceSeconds` is a silence.
    public static let silenceNoise = "-35dB"
    public static let silenceSeconds = 2.0

    /// Writes `start`…`end` of the input's first audio track as 16 kHz mono 16-bit WAV, what
    /// Whisper reads. A file without audio is `unsupported_media`.
    public func extractSpeech(from input: String, media: MediaFile, trim: Trim, to wav: String) async throws {
        guard media.hasAudio else { throw MediaError.unsupported("the input has no audio track to transcribe") }
        var arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
        if let start = trim.start { arguments += ["-ss", String(start)] }
        arguments += ["-i", input]
        if let end = trim.end { arguments += ["-t", String(end - (trim.start ?? 0))] }
        arguments += ["-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", wav]
        try await run(arguments, paths: [input, wav]) { _ in }
    }

    /// The times of the scene changes of a video (none for audio).
    public func sceneChanges(in input: String, media: MediaFile) async throws -> [Double] {
        guard media.hasVideo, media.kind == .video else { return [] }
        let times = LineCollector()
        let filter = "scale=160:-2,select='gt(scene,\(Self.sceneThreshold))',metadata=print:file=-"
        try await run(["-nostdin", "-hide_banner", "-loglevel", "error", "-i", input, "-map", "0:v:0", "-vf", filter, "-an", "-f", "null", "-"], paths: [input]) { line in
            if let range = line.range(of: "pts_time:"), let time = Double(line[range.upperBound...].prefix { !$0.isWhitespace }) {
                times.append(String(time))
            }
        }
        return times.lines.compactMap(Double.init)
    }

    /// The silences of at least `silenceSeconds` in the first audio track (none without audio).
    public func silences(in input: String, media: MediaFile) async throws -> [Silence] {
        guard media.hasAudio else { return [] }
        let marks = LineCollector()
        let filter = "silencedetect=n=\(Self.silenceNoise):d=\(Self.silenceSeconds),ametadata=mode=print:file=-"
        try await run(["-nostdin", "-hide_banner", "-loglevel", "error", "-i", input, "-map", "0:a:0", "-af", filter, "-vn", "-f", "null", "-"], paths: [input]) { line in
            if line.hasPrefix("lavfi.silence_start=") || line.hasPrefix("lavfi.silence_end=") { marks.append(line) }
        }
        return Silence.parse(marks.lines, duration: media.duration ?? 0)
    }

    private func run(_ arguments: [String], paths: [String], onLine: @escaping @Sendable (String) -> Void) async throws {
        let outcome = try await runner.run(ProcessCommand(ffmpegPath, arguments), onLine)
        try Task.checkCancellation()
        guard outcome.succeeded else {
            let message = FFmpegMessage.clean(outcome.errorTail, paths: paths)
            throw MediaError.encodeFailed("ffmpeg failed" + (message.isEmpty ? "" : ": \(message)"))
        }
    }
}

/// A stretch of silence, in seconds.
public struct Silence: Sendable, Equatable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var middle: Double { (start + end) / 2 }

    /// Pairs `silence_start`/`silence_end` lines; one still open at the end lasts to `duration`.
    static func parse(_ lines: [String], duration: Double) -> [Silence] {
        var silences: [Silence] = []
        var open: Double?
        for line in lines {
            guard let value = line.split(separator: "=").last.flatMap({ Double($0) }) else { continue }
            if line.hasPrefix("lavfi.silence_start=") {
                open = max(0, value)
            } else if let start = open {
                silences.append(Silence(start: start, end: value))
                open = nil
            }
        }
        if let start = open, duration > start { silences.append(Silence(start: start, end: duration)) }
        return silences
    }
}
