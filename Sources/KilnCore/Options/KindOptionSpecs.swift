/// Each kind's options as specs, in the order the API's messages list them. The names the
/// validation accepts are these specs' names, so a new option is added here or not at all.
extension VideoOptions {
    public static let specs: [OptionSpec] = [
        .format(VideoFormat.self, default: .mp4),
        OptionSpec(
            "codec", .choice(VideoCodec.allCases.map(\.rawValue)),
            dependency: .init(option: "format", allowed: VideoFormat.allCases.map { ($0.rawValue, $0.codecs.map(\.rawValue)) }),
            help: "the formats hold different codecs; the first listed for a format is its default"
        ),
        .quality,
    ] + OptionSpec.resize(defaultFit: .contain) + [
        OptionSpec("fps", .number(1...60), help: "frames a second; the input's rate when left out"),
        .bitrate(VideoOptions.bitrateRange),
        .start, .end(required: false),
        OptionSpec("mute", .flag, default: false, help: "drops the audio track"),
    ]
}

extension AudioOptions {
    public static let specs: [OptionSpec] = [
        .format(AudioFormat.self, default: .mp3),
        .quality,
        .bitrate(AudioOptions.bitrateRange, help: "bits per second, instead of a quality; not for wav or flac"),
        .start, .end(required: false),
    ]
}

extension ImageOptions {
    public static let specs: [OptionSpec] = [
        .format(ImageFormat.self, default: .jpeg),
        .quality,
    ] + OptionSpec.resize(defaultFit: .fill) + [
        OptionSpec("start", .seconds, help: "for a video input, the time of the frame (with interval: of the first frame), in seconds"),
        OptionSpec("end", .seconds, help: "with interval: where the frames stop, in seconds of the video; after start"),
        OptionSpec(
            "interval", .number(ImageOptions.intervalRange),
            help: "seconds between frames: a frame every interval over the video (or start–end), thumb-000.jpg… in a folder with index.json; at most 1,000 frames"
        ),
        OptionSpec("sprite", .flag, help: "with interval: the frames in one sprite sheet, and a WebVTT track of #xywh= cues that the output points at"),
    ]
}

extension AnimationOptions {
    public static let specs: [OptionSpec] = [
        .format(AnimationFormat.self, default: .gif),
        .quality,
    ] + OptionSpec.resize(defaultFit: .contain) + [
        .start, .end(required: true),
        OptionSpec("fps", .number(1...60), default: 10, help: "frames a second"),
    ]
}

extension AdaptiveVideoOptions {
    public static let specs: [OptionSpec] = [
        .format(AdaptiveFormat.self, default: .hls),
        .quality,
    ] + OptionSpec.resize(defaultFit: .contain) + [
        .start, .end(required: false),
    ]
}

extension OptionSpec {
    static func format<T: RawRepresentable & CaseIterable>(_ type: T.Type, default value: T) -> OptionSpec where T.RawValue == String {
        OptionSpec("format", .choice(T.allCases.map(\.rawValue)), default: .string(value.rawValue), help: "the file format of the result")
    }

    static let quality = OptionSpec(
        "quality", .choice(Quality.allCases.map(\.rawValue)), default: .string(Quality.medium.rawValue),
        help: "each step up is a larger file that looks or sounds better"
    )

    static func bitrate(_ range: ClosedRange<Int>, help: String = "bits per second, instead of a quality") -> OptionSpec {
        OptionSpec("bitrate", .integer(range), help: help)
    }

    static let start = OptionSpec("start", .seconds, help: "where the result begins, in seconds of the input")

    static func end(required: Bool) -> OptionSpec {
        OptionSpec("end", .seconds, required: required, help: "where the result ends, in seconds of the input; after start")
    }

    static func resize(defaultFit: Fit) -> [OptionSpec] {
        [
            OptionSpec("width", .dimension, help: "one size alone keeps the aspect ratio; never larger than the input"),
            OptionSpec("height", .dimension, help: "one size alone keeps the aspect ratio; never larger than the input"),
            OptionSpec(
                "fit", .choice(Fit.allCases.map(\.rawValue)), default: .string(defaultFit.rawValue),
                help: "how the picture fills both sizes when both are given"
            ),
            OptionSpec("position", .choice(Position.allCases.map(\.rawValue)), default: .string(Position.center.rawValue), help: "where contain pads and cover crops"),
            OptionSpec("background", .color, help: "the padding colour, like #000000; only with fit: contain"),
        ]
    }
}
