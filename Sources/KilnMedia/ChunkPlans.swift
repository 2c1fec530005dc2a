import Foundation
import KilnCore

/// The encodes of a chunked `video` or `adaptive_video` job (issue #16): each chunk's picture,
/// the whole audio once, and the join of both without re-encoding. Each is a function of the
/// probed input and the job's options, like a whole encode, and uses the same filters and codec
/// settings.
extension EncodePlan {
    /// Encodes the picture of `range` (input seconds) to `name` (MP4) in `outputDirectory`: for
    /// `adaptive_video`, one video track per rendition of the ladder. The range starts at a
    /// keyframe (or the trim's start), so the seek decodes nothing before it; it ends a quarter of
    /// a frame before the next chunk's keyframe, so every frame lands in exactly one chunk.
    public static func chunk(
        input: MediaFile, inputPath: String, options: JobOptions, range: ChunkRange, isLast: Bool, outputDirectory: String, name: String
    ) throws(MediaError) -> EncodePlan {
        var builder = PlanBuilder(input: input, inputPath: inputPath, outputDirectory: outputDirectory, baseName: name)
        switch options {
        case .video(let o): return try builder.chunk(o, range: range, isLast: isLast, name: name)
        case .adaptiveVideo(let o): return try builder.adaptiveChunk(o, range: range, isLast: isLast, name: name)
        case .audio, .image, .animation: throw notChunked(options)
        }
    }

    /// Encodes the audio of the job's whole span once, to `name` in `outputDirectory`, as a whole
    /// encode would; nil when the result has no audio (the input has none, or `mute`).
    public static func chunkedAudio(input: MediaFile, inputPath: String, options: JobOptions, outputDirectory: String, name: String) throws(MediaError) -> EncodePlan? {
        guard input.hasAudio else { return nil }
        let builder = PlanBuilder(input: input, inputPath: inputPath, outputDirectory: outputDirectory, baseName: name)
        let trim: Trim
        let codec: [String]
        switch options {
        case .video(let o):
            guard !o.mute else { return nil }
            trim = o.trim
            codec = ["-c:a", "aac", "-b:a", "\(RateControl.videoAudioBitrate(o.quality))"]
        case .adaptiveVideo(let o):
            trim = o.trim
            codec = AdaptiveLadder.audioArguments(o.quality)
        case .audio, .image, .animation:
            throw notChunked(options)
        }
        let span = try builder.trimArguments(trim)
        let args = builder.common + span.input + ["-i", inputPath] + span.output
            + ["-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1"] + codec + ["-f", "mp4", builder.path(name)]
        return EncodePlan(arguments: args, primaryOutput: name, expectedDuration: span.duration)
    }

    /// Joins the chunk files listed in `listPath` (the concat demuxer's list) and `audioPath`
    /// without re-encoding into the job's result: one `video` file, or an `adaptive_video` job's
    /// HLS folder, named after `baseName` in `outputDirectory` as a whole encode names them.
    /// `input` is the job's probed input (the ladder's sizes come from it).
    public static func join(
        listPath: String, audioPath: String?, input: MediaFile, options: JobOptions, outputDirectory: String, baseName: String
    ) throws(MediaError) -> EncodePlan {
        switch options {
        case .video(let o):
            return join(listPath: listPath, audioPath: audioPath, options: o, outputDirectory: outputDirectory, baseName: baseName, duration: nil, frame: nil)
        case .adaptiveVideo(let o):
            let builder = PlanBuilder(input: input, inputPath: listPath, outputDirectory: outputDirectory, baseName: baseName)
            return try builder.adaptiveJoin(o, audioPath: audioPath)
        case .audio, .image, .animation:
            throw notChunked(options)
        }
    }

    private static func notChunked(_ options: JobOptions) -> MediaError {
        .unsupported("a \(options.kind.rawValue) job is not encoded in chunks")
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
        var args = common + chunkInput(range, isLast: isLast, trimEnd: o.trim.end)
        args += ["-map", "0:v:0", "-vf", filters.joined(separator: ",")]
        args += videoCodecArguments(o.codec, o.quality, bitrate: o.bitrate)
        args += ["-an", "-sn", "-dn", "-map_metadata", "-1", "-f", "mp4", path(name)]
        return EncodePlan(arguments: args, primaryOutput: name, expectedDuration: range.length, frame: layout.frame)
    }

    /// Every rendition of the span, one video track each, with keyframes on the grid a whole
    /// encode forces (counted from the job's start, not the chunk's), so the joined renditions
    /// keep their segments aligned.
    mutating func adaptiveChunk(_ o: AdaptiveVideoOptions, range: ChunkRange, isLast: Bool, name: String) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("an adaptive_video job")
        let ladder = AdaptiveLadder(o, size: size)
        var args = common + chunkInput(range, isLast: isLast, trimEnd: o.trim.end)
        args += ["-filter_complex", ladder.graph(background: background(o.resize, transparentDefault: false))]
        args += ladder.maps(video: { "[v\($0)]" }, audio: nil)
        args += ladder.encoderArguments(keyframes: AdaptiveLadder.keyframes(offset: range.start - (o.trim.start ?? 0), tolerance: frameTime / 4))
        args += ["-an", "-sn", "-dn", "-map_metadata", "-1", "-f", "mp4", path(name)]
        return EncodePlan(arguments: args, primaryOutput: name, expectedDuration: range.length, frame: ladder.top.frame)
    }

    /// The HLS of the joined renditions (track `i` of every chunk is rung `i`), each with the
    /// audio, segmented at their shared keyframes by the muxer a whole encode uses.
    func adaptiveJoin(_ o: AdaptiveVideoOptions, audioPath: String?) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("an adaptive_video job")
        let ladder = AdaptiveLadder(o, size: size)
        let directory = baseName
        var args = common + ["-f", "concat", "-safe", "0", "-i", inputPath]
        if let audioPath { args += ["-i", audioPath] }
        args += ladder.maps(video: { "0:v:\($0)" }, audio: audioPath == nil ? nil : "1:a:0")
        args += ["-c", "copy"] + ladder.rateArguments + (audioPath == nil ? [] : ["-b:a", "\(RateControl.videoAudioBitrate(o.quality))"])
        args += ladder.hlsArguments(directory: directory, withAudio: audioPath != nil, path: path)
        return EncodePlan(arguments: args, primaryOutput: "\(directory)/master.m3u8", outputDirectory: directory, frame: ladder.top.frame)
    }

    /// Reads `range` of the input: `-ss` at its start, and `-t` a quarter of a frame short of
    /// its end; the last chunk reads to the end, like a whole encode without `end`.
    private func chunkInput(_ range: ChunkRange, isLast: Bool, trimEnd: Double?) -> [String] {
        var args = ["-ss", microseconds(range.start), "-i", inputPath]
        if !isLast || trimEnd != nil { args += ["-t", microseconds(max(range.length - frameTime / 4, frameTime / 4))] }
        return args
    }

    private var frameTime: Double { 1 / max(input.framerate ?? 1000, 1) }

    private func microseconds(_ value: Double) -> String { String(format: "%.6f", value) }
}
