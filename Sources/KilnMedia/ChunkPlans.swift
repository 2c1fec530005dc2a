import Foundation
import KilnCore

/// The three encodes of a chunked `video` job (issue #16): each chunk's picture, the whole
/// audio once, and the join of both without re-encoding. Each is a function of the probed input
/// and the job's options, like a whole encode, and uses the same filters and codec settings.
extension EncodePlan {
    /// Encodes the picture of `range` (input seconds) to `name` (MP4) in `outputDirectory`.
    /// The range starts at a keyframe (or the trim's start), so the seek decodes nothing before
    /// it; it ends a quarter of a frame before the next chunk's keyframe, so every frame lands
    /// in exactly one chunk.
    public static func chunk(
        input: MediaFile, inputPath: String, options: VideoOptions, range: ChunkRange, isLast: Bool, outputDirectory: String, name: String
    ) throws(MediaError) -> EncodePlan {
        var builder = PlanBuilder(input: input, inputPath: inputPath, outputDirectory: outputDirectory, baseName: name)
        return try builder.chunk(options, range: range, isLast: isLast, name: name)
    }

    /// Encodes the audio of the job's whole span once, to `name` in `outputDirectory`; nil when
    /// the result has no audio (the input has none, or `mute`).
    public static func chunkedAudio(input: MediaFile, inputPath: String, options: VideoOptions, outputDirectory: String, name: String) throws(MediaError) -> EncodePlan? {
        guard !options.mute, input.hasAudio else { return nil }
        let builder = PlanBuilder(input: input, inputPath: inputPath, outputDirectory: outputDirectory, baseName: name)
        let trim = try builder.trimArguments(options.trim)
        let args = builder.common + trim.input + ["-i", inputPath] + trim.output
            + ["-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1",
               "-c:a", "aac", "-b:a", "\(RateControl.videoAudioBitrate(options.quality))", "-f", "mp4", builder.path(name)]
        return EncodePlan(arguments: args, primaryOutput: name, expectedDuration: trim.duration)
    }

    /// Joins the chunk files listed in `listPath` (the concat demuxer's list) and `audioPath`
    /// without re-encoding, into one file whose index (`moov`) comes before its data.
    public static func join(
        listPath: String, audioPath: String?, options: VideoOptions, outputDirectory: String, baseName: String, duration: Double?, frame: Layout.Size?
    ) -> EncodePlan {
        let builder = PlanBuilder(input: MediaFile(kind: .video), inputPath: listPath, outputDirectory: outputDirectory, baseName: baseName)
        let output = "\(baseName).\(options.format.rawValue)"
        var args = builder.common + ["-f", "concat", "-safe", "0", "-i", listPath]
        if let audioPath { args += ["-i", audioPath] }
        args += ["-map", "0:v:0"] + (audioPath == nil ? [] : ["-map", "1:a:0"])
        args += ["-c", "copy", "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart", "-f", options.format.rawValue, builder.path(output)]
        return EncodePlan(arguments: args, primaryOutput: output, expectedDuration: duration, frame: frame)
    }

    /// The concat demuxer's list of `paths`, in order.
    public static func concatList(_ paths: [String]) -> String {
        paths.map { "file '" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'\n" }.joined()
    }
}

extension PlanBuilder {
    mutating func chunk(_ o: VideoOptions, range: ChunkRange, isLast: Bool, name: String) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("a video job")
        let (layout, filters) = videoFilters(o, size: size)
        let frameTime = 1 / max(input.framerate ?? 1000, 1)
        var args = common + ["-ss", microseconds(range.start), "-i", inputPath]
        // The last chunk reads to the end, like a whole encode without `end`.
        if !isLast || o.trim.end != nil { args += ["-t", microseconds(max(range.length - frameTime / 4, frameTime / 4))] }
        args += ["-map", "0:v:0", "-vf", filters.joined(separator: ",")]
        args += videoCodecArguments(o.codec, o.quality, bitrate: o.bitrate)
        args += ["-an", "-sn", "-dn", "-map_metadata", "-1", "-f", "mp4", path(name)]
        return EncodePlan(arguments: args, primaryOutput: name, expectedDuration: range.length, frame: layout.frame)
    }

    private func microseconds(_ value: Double) -> String { String(format: "%.6f", value) }
}
