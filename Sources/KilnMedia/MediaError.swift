import Foundation

/// Why probing or encoding failed. `message` is for the client: ffmpeg's own words are cleaned of
/// server paths before they get here (`FFmpegMessage.clean`). KilnPipeline's `RunFailure` gives
/// each case its kind.
public enum MediaError: Error, Sendable, Equatable {
    /// ffprobe found no audio or video stream; `reason` is its cleaned message ("" when none).
    case notMedia(reason: String)
    /// The input cannot make what was asked (an image from audio, audio from a silent video…).
    case unsupported(String)
    /// ffmpeg failed, or produced nothing usable.
    case encodeFailed(String)
    /// `start` (seconds) is at or past the end of the input; `source` is "input" or "video".
    case startPastEnd(start: Double, duration: Double, source: String)
    /// A picture of the input is larger than the pixel limit: found by the probe, before any decode.
    case tooManyPixels(width: Int, height: Int, limit: Int64)

    public var message: String {
        switch self {
        case .notMedia(let reason):
            "the input has no audio or video stream that ffprobe can read" + (reason.isEmpty ? "" : ": \(reason)")
        case .unsupported(let message), .encodeFailed(let message): message
        case .startPastEnd(let start, let duration, let source):
            "start (\(Self.seconds(start)) s) is at or past the end of the \(source) (\(Self.seconds(duration)) s)"
        case .tooManyPixels(let width, let height, let limit):
            "the input's picture is \(width)×\(height) (\(Int64(width) * Int64(height)) pixels); the limit is \(limit) pixels"
        }
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }
}

extension MediaError: CustomStringConvertible, LocalizedError {
    public var description: String { message }
    public var errorDescription: String? { message }
}
