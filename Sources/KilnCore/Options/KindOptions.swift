public enum VideoFormat: String, Sendable, CaseIterable, Hashable {
    case mp4, webm, mov

    /// The codecs this container holds and browsers play from it; the first is the default.
    public var codecs: [VideoCodec] {
        switch self {
        case .mp4: return [.h264, .h265, .av1, .vp9]
        case .webm: return [.vp9, .av1]
        case .mov: return [.h264, .h265]
        }
    }
}

public enum VideoCodec: String, Sendable, CaseIterable, Hashable {
    case h264, h265, vp9, av1
}

public enum AudioFormat: String, Sendable, CaseIterable, Hashable {
    case mp3, aac, ogg, opus, wav, flac
}

public enum ImageFormat: String, Sendable, CaseIterable, Hashable {
    case jpeg, png, webp, avif

    public var hasAlpha: Bool { self != .jpeg }
}

public enum AnimationFormat: String, Sendable, CaseIterable, Hashable {
    case gif, webp
}

public enum AdaptiveFormat: String, Sendable, CaseIterable, Hashable {
    case hls
}

public struct VideoOptions: Sendable, Hashable {
    public var format: VideoFormat = .mp4
    public var codec: VideoCodec = .h264
    public var quality: Quality = .medium
    public var resize = Resize(fit: .contain)
    public var fps: Double?
    public var bitrate: Int?
    public var trim = Trim()
    public var mute = false

    public init() {}

    public static var names: [String] { specs.map(\.name) }
    public static let bitrateRange = 300_000...60_000_000
}

public struct AudioOptions: Sendable, Hashable {
    public var format: AudioFormat = .mp3
    public var quality: Quality = .medium
    public var bitrate: Int?
    public var trim = Trim()

    public init() {}

    public static var names: [String] { specs.map(\.name) }
    public static let bitrateRange = 32_000...320_000
}

public struct ImageOptions: Sendable, Hashable {
    public var format: ImageFormat = .jpeg
    public var quality: Quality = .medium
    public var resize = Resize(fit: .fill)
    /// The frame time, for a video input (with `interval`: the first frame's).
    public var start: Double?
    /// With `interval`: where the frames stop.
    public var end: Double?
    /// Seconds between frames: a thumbnail track of a video instead of one picture.
    public var interval: Double?
    /// With `interval`: the frames in one sprite sheet with a WebVTT track.
    public var sprite = false

    public static let intervalRange = 0.1...3600.0
    /// The most frames a thumbnail track has.
    public static let maximumFrames = 1000

    public init() {}

    public static var names: [String] { specs.map(\.name) }

    static func seconds(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
}

public struct AnimationOptions: Sendable, Hashable {
    public var format: AnimationFormat = .gif
    public var quality: Quality = .medium
    public var resize = Resize(fit: .contain)
    public var trim = Trim()
    public var fps: Double = 10

    public init() {}

    public static var names: [String] { specs.map(\.name) }
}

public struct AdaptiveVideoOptions: Sendable, Hashable {
    public var format: AdaptiveFormat = .hls
    public var quality: Quality = .medium
    public var resize = Resize(fit: .contain)
    public var trim = Trim()

    public init() {}

    public static var names: [String] { specs.map(\.name) }
}

/// The typed, validated options of a job or encode task.
public enum JobOptions: Sendable, Hashable {
    case video(VideoOptions)
    case audio(AudioOptions)
    case image(ImageOptions)
    case animation(AnimationOptions)
    case adaptiveVideo(AdaptiveVideoOptions)

    public var kind: JobKind {
        switch self {
        case .video: return .video
        case .audio: return .audio
        case .image: return .image
        case .animation: return .animation
        case .adaptiveVideo: return .adaptiveVideo
        }
    }

    /// The canonical form: every option with the value it runs with.
    public var canonical: JSONObject {
        switch self {
        case .video(let o): return o.canonical
        case .audio(let o): return o.canonical
        case .image(let o): return o.canonical
        case .animation(let o): return o.canonical
        case .adaptiveVideo(let o): return o.canonical
        }
    }

    /// Validates `options` for `kind`: unknown names first, then the format, the codec, and each
    /// other option in turn.
    public static func parse(_ options: JSONObject, kind: JobKind) throws(APIError) -> JobOptions {
        let reader = OptionReader(options, kind: kind)
        switch kind {
        case .video:
            try reader.rejectUnknown(allowed: VideoOptions.names)
            var o = VideoOptions()
            o.format = try format(reader, VideoFormat.self) ?? .mp4
            if let codecName = try reader.string("codec") {
                guard let codec = VideoCodec(rawValue: codecName) else {
                    throw .invalidOption("codec '\(codecName)' is not allowed; use one of: \(VideoCodec.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard o.format.codecs.contains(codec) else {
                    throw .invalidCodec("codec '\(codecName)' cannot be used in \(o.format.rawValue); \(o.format.rawValue) holds: \(o.format.codecs.map(\.rawValue).joined(separator: ", "))")
                }
                o.codec = codec
            } else {
                o.codec = o.format.codecs[0]
            }
            o.quality = try reader.quality()
            o.resize = try reader.resize(defaultFit: .contain)
            o.fps = try reader.number("fps", in: 1...60)
            o.bitrate = try reader.integer("bitrate", in: VideoOptions.bitrateRange, unit: " bps")
            o.trim = try reader.trim()
            o.mute = try reader.bool("mute") ?? false
            return .video(o)
        case .audio:
            try reader.rejectUnknown(allowed: AudioOptions.names)
            var o = AudioOptions()
            o.format = try format(reader, AudioFormat.self) ?? .mp3
            o.quality = try reader.quality()
            o.bitrate = try reader.integer("bitrate", in: AudioOptions.bitrateRange, unit: " bps")
            if o.bitrate != nil, o.format == .wav || o.format == .flac {
                throw .invalidOption("bitrate does not apply to \(o.format.rawValue), which is lossless; leave it out or pick mp3, aac, ogg or opus")
            }
            o.trim = try reader.trim()
            return .audio(o)
        case .image:
            try reader.rejectUnknown(allowed: ImageOptions.names)
            var o = ImageOptions()
            o.format = try format(reader, ImageFormat.self, aliases: ["jpg": .jpeg]) ?? .jpeg
            o.quality = try reader.quality()
            o.resize = try reader.resize(defaultFit: .fill)
            o.start = try reader.nonNegativeSeconds("start")
            o.end = try reader.nonNegativeSeconds("end")
            o.interval = try reader.number("interval", in: ImageOptions.intervalRange, unit: " seconds")
            o.sprite = try reader.bool("sprite") ?? false
            if o.interval == nil, o.sprite {
                throw .invalidOption("sprite needs interval: the seconds between the frames it packs")
            }
            if o.interval == nil, o.end != nil {
                throw .invalidOption("end only applies with interval (a thumbnail track); a single image takes start alone")
            }
            if o.interval != nil, o.format == .avif {
                throw .invalidOption("a thumbnail track (interval) is jpeg, png or webp, not avif")
            }
            if let end = o.end, end <= (o.start ?? 0) {
                throw .invalidOption("end (\(ImageOptions.seconds(end))) must be after start (\(ImageOptions.seconds(o.start ?? 0)))")
            }
            return .image(o)
        case .animation:
            try reader.rejectUnknown(allowed: AnimationOptions.names)
            var o = AnimationOptions()
            o.format = try format(reader, AnimationFormat.self) ?? .gif
            o.quality = try reader.quality()
            o.resize = try reader.resize(defaultFit: .contain)
            o.trim = try reader.trim(endRequired: true)
            o.fps = try reader.number("fps", in: 1...60) ?? 10
            return .animation(o)
        case .adaptiveVideo:
            try reader.rejectUnknown(allowed: AdaptiveVideoOptions.names)
            var o = AdaptiveVideoOptions()
            o.format = try format(reader, AdaptiveFormat.self) ?? .hls
            o.quality = try reader.quality()
            o.resize = try reader.resize(defaultFit: .contain)
            o.trim = try reader.trim()
            return .adaptiveVideo(o)
        }
    }

    private static func format<T: RawRepresentable & CaseIterable>(
        _ reader: OptionReader, _ type: T.Type, aliases: [String: T] = [:]
    ) throws(APIError) -> T? where T.RawValue == String {
        guard let name = try reader.string("format") else { return nil }
        if let alias = aliases[name] { return alias }
        guard let value = T(rawValue: name) else {
            throw .invalidFormat("format '\(name)' is not supported for \(reader.kindName); use one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
