import Foundation
import KilnCore

/// How one encode runs: ffmpeg's arguments (or, for a still from a still, libvips' plan) and
/// what it writes. A pure function of the probed input and the typed options, so every option's
/// effect is testable without ffmpeg.
public struct EncodePlan: Sendable, Equatable {
    /// ffmpeg's arguments (without the program name).
    public var arguments: [String]
    /// The file that is the result (the master playlist for HLS), relative to the output directory.
    public var primaryOutput: String
    /// For HLS: the directory holding every file of the result, relative to the output directory.
    public var outputDirectory: String?
    /// Seconds of media the encode produces, for progress.
    public var expectedDuration: Double?
    /// The picture size of the result, when it has one.
    public var frame: Layout.Size?
    /// A still picture libvips renders in process; `arguments` is then empty.
    public var still: StillImagePlan?
    /// A thumbnail track: ffmpeg makes its pictures, then its index or WebVTT file is written.
    public var track: ThumbnailTrack?

    public init(
        arguments: [String], primaryOutput: String, outputDirectory: String? = nil, expectedDuration: Double? = nil, frame: Layout.Size? = nil,
        still: StillImagePlan? = nil, track: ThumbnailTrack? = nil
    ) {
        self.arguments = arguments
        self.still = still
        self.track = track
        self.primaryOutput = primaryOutput
        self.outputDirectory = outputDirectory
        self.expectedDuration = expectedDuration
        self.frame = frame
    }

    /// Plans the encode of `input` (at `inputPath`) into `outputDirectory`, naming files after `baseName`.
    public static func make(
        input: MediaFile, inputPath: String, options: JobOptions, outputDirectory: String, baseName: String
    ) throws(MediaError) -> EncodePlan {
        var builder = PlanBuilder(input: input, inputPath: inputPath, outputDirectory: outputDirectory, baseName: baseName)
        switch options {
        case .video(let o): return try builder.video(o)
        case .audio(let o): return try builder.audio(o)
        case .image(let o): return try builder.image(o)
        case .animation(let o): return try builder.animation(o)
        case .adaptiveVideo(let o): return try builder.adaptive(o)
        }
    }

    /// The file extension of each output format.
    public static func fileExtension(_ options: JobOptions) -> String {
        switch options {
        case .video(let o): return o.format.rawValue
        case .audio(let o): return o.format.rawValue
        case .image(let o): return o.format == .jpeg ? "jpg" : o.format.rawValue
        case .animation(let o): return o.format.rawValue
        case .adaptiveVideo: return "m3u8"
        }
    }
}

struct PlanBuilder {
    let input: MediaFile
    let inputPath: String
    let outputDirectory: String
    let baseName: String

    init(input: MediaFile, inputPath: String, outputDirectory: String, baseName: String) {
        self.input = input
        self.inputPath = inputPath
        self.outputDirectory = outputDirectory
        self.baseName = baseName
    }

    var common: [String] { ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats"] }

    func path(_ relative: String) -> String { (outputDirectory as NSString).appendingPathComponent(relative) }

    var inputSize: Layout.Size? {
        guard let w = input.width, let h = input.height, w > 0, h > 0 else { return nil }
        return Layout.Size(w, h)
    }

    /// `-ss` before the input (fast, frame-accurate when re-encoding) and `-t` for the length.
    func trimArguments(_ trim: Trim) throws(MediaError) -> (input: [String], output: [String], duration: Double?) {
        let start = trim.start ?? 0
        if let duration = input.duration, start > 0, start >= duration {
            throw .startPastEnd(start: start, duration: duration, source: "input")
        }
        var inputArgs: [String] = []
        var outputArgs: [String] = []
        if start > 0 { inputArgs = ["-ss", seconds(start)] }
        var length = input.duration.map { $0 - start }
        if let end = trim.end {
            let requested = end - start
            length = min(requested, length ?? requested)
            outputArgs = ["-t", seconds(requested)]
        }
        return (inputArgs, outputArgs, length)
    }

    func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// `accepted` says what the kind takes, in the message (a video job takes no still image).
    private func requireVideo(_ what: String, accepted: String = "a video or image") throws(MediaError) -> Layout.Size {
        guard input.hasVideo, let size = inputSize else {
            throw .unsupported("\(what) needs \(accepted) input; this input is \(input.kind.rawValue) only")
        }
        return size
    }

    /// A picture that moves: video, animation and adaptive_video cannot start from a still.
    func requireMovingPicture(_ what: String) throws(MediaError) -> Layout.Size {
        let size = try requireVideo(what, accepted: "a video")
        guard input.kind == .video else {
            throw .unsupported("\(what) needs a video input; this input is a still image")
        }
        return size
    }

    func background(_ resize: Resize, transparentDefault: Bool) -> String {
        if let color = resize.background { return color.ffmpegValue }
        return transparentDefault ? "0x00000000" : "black"
    }

    // MARK: video

    mutating func video(_ o: VideoOptions) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("a video job")
        let trim = try trimArguments(o.trim)
        let (layout, filters) = videoFilters(o, size: size)
        let output = "\(baseName).\(o.format.rawValue)"
        var args = common + trim.input + ["-i", inputPath] + trim.output
        args += ["-map", "0:v:0", "-vf", filters.joined(separator: ",")]
        args += videoCodecArguments(o.codec, o.quality, bitrate: o.bitrate)
        if o.mute || !input.hasAudio {
            args += ["-an"]
        } else {
            args += ["-map", "0:a:0"]
            let audioBitrate = "\(RateControl.videoAudioBitrate(o.quality))"
            args += o.format == .webm ? ["-c:a", "libopus", "-b:a", audioBitrate] : ["-c:a", "aac", "-b:a", audioBitrate]
        }
        args += ["-sn", "-dn", "-map_metadata", "-1", "-map_chapters", "-1"]
        if o.format != .webm { args += ["-movflags", "+faststart"] }
        args += ["-f", o.format.rawValue, path(output)]
        return EncodePlan(arguments: args, primaryOutput: output, expectedDuration: trim.duration, frame: layout.frame)
    }

    /// The picture of a `video` job: its layout and filters (shared by a whole encode and its chunks).
    func videoFilters(_ o: VideoOptions, size: Layout.Size) -> (Layout, [String]) {
        let layout = Layout.compute(input: size, resize: o.resize, evenDimensions: true)
        var filters: [String] = []
        if let fps = o.fps { filters.append("fps=\(fps)") }
        filters += layout.filters(background: background(o.resize, transparentDefault: false))
        filters.append("format=yuv420p")
        return (layout, filters)
    }

    func videoCodecArguments(_ codec: VideoCodec, _ quality: Quality, bitrate: Int?) -> [String] {
        let crf = "\(RateControl.crf(codec, quality))"
        let rate: [String] = bitrate.map { b in ["-b:v", "\(b)", "-maxrate", "\(b * 3 / 2)", "-bufsize", "\(b * 2)"] } ?? []
        switch codec {
        case .h264:
            return ["-c:v", "libx264", "-preset", RateControl.x264Preset, "-profile:v", "high"] + (bitrate == nil ? ["-crf", crf] : rate)
        case .h265:
            return ["-c:v", "libx265", "-preset", RateControl.x265Preset, "-tag:v", "hvc1", "-x265-params", "log-level=error"]
                + (bitrate == nil ? ["-crf", crf] : rate)
        case .vp9:
            return ["-c:v", "libvpx-vp9", "-deadline", "good", "-cpu-used", RateControl.vp9CPUUsed, "-row-mt", "1", "-tile-columns", "2"]
                + (bitrate.map { ["-b:v", "\($0)"] } ?? ["-crf", crf, "-b:v", "0"])
        case .av1:
            return ["-c:v", "libsvtav1", "-preset", RateControl.svtAV1Preset, "-svtav1-params", "tune=0"]
                + (bitrate.map { ["-b:v", "\($0)"] } ?? ["-crf", crf])
        }
    }

    // MARK: audio

    mutating func audio(_ o: AudioOptions) throws(MediaError) -> EncodePlan {
        guard input.hasAudio else {
            throw .unsupported("an audio job needs an input with an audio track; this \(input.kind.rawValue) has none")
        }
        let trim = try trimArguments(o.trim)
        let output = "\(baseName).\(o.format.rawValue)"
        let muxer: String
        switch o.format {
        case .mp3: muxer = "mp3"
        case .aac: muxer = "adts"
        case .ogg: muxer = "ogg"
        case .opus: muxer = "opus"
        case .wav: muxer = "wav"
        case .flac: muxer = "flac"
        }
        var args = common + trim.input + ["-i", inputPath] + trim.output
        args += ["-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1"]
        args += RateControl.audioArguments(o.format, o.quality, bitrate: o.bitrate)
        args += ["-f", muxer, path(output)]
        return EncodePlan(arguments: args, primaryOutput: output, expectedDuration: trim.duration)
    }

    // MARK: image

    mutating func image(_ o: ImageOptions) throws(MediaError) -> EncodePlan {
        if let interval = o.interval { return try thumbnails(o, interval: interval) }
        let size = try requireVideo("an image job")
        var inputArgs: [String] = []
        if input.kind == .video, let start = o.start, start > 0 {
            if let duration = input.duration, start >= duration {
                throw .startPastEnd(start: start, duration: duration, source: "video")
            }
            inputArgs = ["-ss", seconds(start)]
        }
        let alpha = o.format.hasAlpha && o.format != .avif
        let keepsAlpha = alpha && (input.video?.hasAlpha ?? false)
        let layout = Layout.compute(input: size, resize: o.resize, evenDimensions: o.format == .jpeg || o.format == .avif)
        let output = "\(baseName).\(EncodePlan.fileExtension(.image(o)))"
        if let still = StillImagePlan.make(input: input, inputPath: inputPath, outputPath: path(output), options: o, layout: layout, alphaFormat: alpha) {
            return EncodePlan(arguments: [], primaryOutput: output, frame: layout.frame, still: still)
        }
        var filters: [String] = []
        if keepsAlpha || (alpha && o.resize.background == nil && layout.mode != .scale) { filters.append("format=rgba") }
        filters += layout.filters(background: background(o.resize, transparentDefault: alpha), scaleFlags: "lanczos")
        var args = common + inputArgs + ["-i", inputPath]
        args += ["-map", "0:v:0", "-frames:v", "1", "-vf", filters.joined(separator: ","), "-an", "-sn", "-dn", "-map_metadata", "-1"]
        args += RateControl.imageArguments(o.format, o.quality, alpha: keepsAlpha || filters.first == "format=rgba")
        if o.format == .jpeg || o.format == .png { args += ["-update", "1"] }
        args += [path(output)]
        return EncodePlan(arguments: args, primaryOutput: output, expectedDuration: nil, frame: layout.frame)
    }

    // MARK: thumbnail track

    /// The largest side of a sprite sheet: WebP's limit; JPEG's and PNG's are 65,535.
    static func maximumSpriteSide(_ format: ImageFormat) -> Int { format == .webp ? 16_383 : 65_535 }

    /// The largest sprite sheet: ffmpeg holds it whole while it tiles and encodes it, about 6
    /// bytes a pixel (a 4K video's sheet within the side limits was gigabytes, enough to exhaust
    /// the node's memory); 1,000 frames of 320×180 fit.
    public static let maximumSpritePixels = 100_000_000

    /// Every frame from one decode: `fps` picks a frame every interval, the layout sizes it, and
    /// for a sprite `tile` packs them (a last row left short stays black).
    mutating func thumbnails(_ o: ImageOptions, interval: Double) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("a thumbnail track (interval)")
        guard let duration = input.duration, duration > 0 else {
            throw .unsupported("a thumbnail track needs a video whose duration is known")
        }
        let start = o.start ?? 0
        if start >= duration { throw .startPastEnd(start: start, duration: duration, source: "video") }
        let stop = min(o.end ?? duration, duration)
        // To the millisecond, as ffmpeg's fps filter gets it, so the listed times are the frames'.
        let interval = (interval * 1000).rounded() / 1000
        let count = ThumbnailTrack.frameCount(span: stop - start, interval: interval)
        guard count <= ImageOptions.maximumFrames else {
            throw .unsupported("interval \(seconds(interval)) s over \(seconds(stop - start)) s is \(count) frames; a thumbnail track has at most \(ImageOptions.maximumFrames): raise interval or narrow start–end")
        }
        let layout = Layout.compute(input: size, resize: o.resize, evenDimensions: o.format == .jpeg)
        let ext = EncodePlan.fileExtension(.image(o))
        let directory = baseName
        let track = ThumbnailTrack(
            directory: path(directory), start: start, stop: stop, interval: interval, frame: layout.frame, fileExtension: ext, sprite: o.sprite
        )
        if let sheet = track.spriteSize, max(sheet.width, sheet.height) > Self.maximumSpriteSide(o.format) {
            throw .unsupported("the sprite sheet would be \(sheet.width)×\(sheet.height); \(o.format.rawValue) allows \(Self.maximumSpriteSide(o.format)) pixels a side: set a smaller width or a larger interval")
        }
        if let sheet = track.spriteSize, sheet.width * sheet.height > Self.maximumSpritePixels {
            throw .unsupported("the sprite sheet would be \(sheet.width)×\(sheet.height), \(sheet.width * sheet.height / 1_000_000) megapixels; at most \(Self.maximumSpritePixels / 1_000_000): set a smaller width or a larger interval")
        }
        // Frame n is the last picture at or before start + n × interval (rounding up; the nearest
        // slot took it from half an interval later), and the first slot is the start's, which
        // also keeps the first frame when the interval is longer than the span.
        var filters = ["fps=1000/\(Int((interval * 1000).rounded())):round=up:start_time=0"]
        filters += layout.filters(background: background(o.resize, transparentDefault: false), scaleFlags: "lanczos")
        if let grid = track.spriteGrid { filters.append("tile=\(grid.columns)x\(grid.rows)") }
        var args = common + (start > 0 ? ["-ss", seconds(start)] : []) + ["-i", inputPath, "-t", seconds(stop - start)]
        args += ["-map", "0:v:0", "-vf", filters.joined(separator: ","), "-an", "-sn", "-dn", "-map_metadata", "-1"]
        var encoder = RateControl.imageArguments(o.format, o.quality, alpha: false)
        if let sprite = track.spriteName {
            args += ["-frames:v", "1"] + encoder + (o.format == .webp ? [] : ["-update", "1"]) + [path("\(directory)/\(sprite)")]
        } else {
            // One file per frame: the image2 muxer, also for WebP (its own muxer would animate).
            if let muxer = encoder.lastIndex(of: "-f") { encoder.removeSubrange(muxer...(muxer + 1)) }
            args += ["-frames:v", "\(count)"] + encoder + ["-f", "image2", "-start_number", "0", path("\(directory)/thumb-%03d.\(ext)")]
        }
        return EncodePlan(
            arguments: args, primaryOutput: "\(directory)/\(track.primaryName)", outputDirectory: directory, expectedDuration: stop - start,
            frame: layout.frame, track: track
        )
    }

    // MARK: animation

    mutating func animation(_ o: AnimationOptions) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("an animation job")
        let trim = try trimArguments(o.trim)
        let layout = Layout.compute(input: size, resize: o.resize, evenDimensions: false)
        let scale = (["fps=\(o.fps)"] + layout.filters(background: background(o.resize, transparentDefault: true), scaleFlags: "lanczos")).joined(separator: ",")
        let output = "\(baseName).\(o.format.rawValue)"
        var args = common + trim.input + ["-i", inputPath] + trim.output + ["-an", "-sn", "-dn", "-map_metadata", "-1"]
        switch o.format {
        case .gif:
            // One pass: the palette is generated from the same frames it is applied to.
            let palette = RateControl.gifPalette(o.quality)
            let graph = "\(scale),split[a][b];[a]palettegen=max_colors=\(palette.colors):stats_mode=diff[p];[b][p]paletteuse=dither=\(palette.dither):diff_mode=rectangle"
            args += ["-filter_complex", "[0:v:0]\(graph)[out]", "-map", "[out]", "-loop", "0", "-f", "gif"]
        case .webp:
            args += ["-map", "0:v:0", "-vf", scale, "-c:v", "libwebp_anim", "-quality", RateControl.animatedWebPQuality(o.quality),
                     "-pix_fmt", "yuva420p", "-loop", "0", "-f", "webp"]
        }
        args += [path(output)]
        return EncodePlan(arguments: args, primaryOutput: output, expectedDuration: trim.duration, frame: layout.frame)
    }

    // MARK: adaptive video

    mutating func adaptive(_ o: AdaptiveVideoOptions) throws(MediaError) -> EncodePlan {
        let size = try requireMovingPicture("an adaptive_video job")
        let trim = try trimArguments(o.trim)
        let ladder = AdaptiveLadder(o, size: size)
        let directory = baseName
        let withAudio = input.hasAudio
        var args = common + trim.input + ["-i", inputPath] + trim.output
        args += ["-filter_complex", ladder.graph(background: background(o.resize, transparentDefault: false))]
        args += ladder.maps(video: { "[v\($0)]" }, audio: withAudio ? "0:a:0" : nil)
        args += ladder.encoderArguments(keyframes: AdaptiveLadder.keyframes(offset: 0, tolerance: 0))
        if withAudio { args += AdaptiveLadder.audioArguments(o.quality) }
        args += ladder.hlsArguments(directory: directory, withAudio: withAudio, path: path)
        return EncodePlan(
            arguments: args, primaryOutput: "\(directory)/master.m3u8", outputDirectory: directory, expectedDuration: trim.duration, frame: ladder.top.frame
        )
    }
}
