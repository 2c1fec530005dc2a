import Foundation
import KilnCore

/// Probing and encoding: still PNG, JPEG and WebP pictures in process with libvips, everything
/// else (videos, audio, animations, other picture formats, frames of videos) with ffprobe and
/// ffmpeg as programs, which a light worker runs only in a heavy slot (`HeavySlots`).
public struct MediaEngine: Sendable {
    public var ffmpeg: FFmpeg

    public init(ffmpeg: FFmpeg = FFmpeg()) {
        self.ffmpeg = ffmpeg
    }

    /// `FFmpeg.probe`'s contract: `MediaError.notMedia`, or `MediaError.tooManyPixels` before
    /// anything decodes a picture larger than `maximumPixels`.
    public func probe(path: String, filename: String?, maximumPixels: Int64? = nil) async throws -> MediaFile {
        if let file = Self.probeStill(path: path, filename: filename) {
            if let maximumPixels, let width = file.width, let height = file.height, Int64(width) * Int64(height) > maximumPixels {
                throw MediaError.tooManyPixels(width: width, height: height, limit: maximumPixels)
            }
            return file
        }
        return try await HeavySlots.runProgram { try await ffmpeg.probe(path: path, filename: filename, maximumPixels: maximumPixels) }
    }

    /// A still PNG, JPEG or WebP from its libvips header; nil for anything else.
    static func probeStill(path: String, filename: String?) -> MediaFile? {
        guard let header = LibVips.header(path: path) else { return nil }
        if header.loader == .png, PNGAnimation.isAnimated(path: path) { return nil }
        let size = (try? FileManager.default.attributesOfItem(atPath: (path as NSString).resolvingSymlinksInPath)[.size] as? NSNumber)?.int64Value
        return StillImageProbe.mediaFile(header, pathExtension: (path as NSString).pathExtension, filename: filename, filesize: size)
    }

    /// Runs the plan: libvips for a still, else ffmpeg with progress (and then a thumbnail
    /// track's index or WebVTT file).
    public func encode(_ plan: EncodePlan, scratchPaths: [String], progress: @escaping @Sendable (Double) -> Void) async throws {
        if let still = plan.still {
            try await LibVips.render(still, scratchPaths: scratchPaths)
            return
        }
        if let track = plan.track {
            try FileManager.default.createDirectory(atPath: track.directory, withIntermediateDirectories: true)
        }
        try await HeavySlots.runProgram { try await ffmpeg.encode(plan, scratchPaths: scratchPaths, progress: progress) }
        try plan.track?.writeFiles()
    }
}
