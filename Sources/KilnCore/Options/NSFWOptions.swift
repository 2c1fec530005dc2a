/// The options of the `nsfw` kind: how often a video is sampled, and the score at and above
/// which a frame (and so the file) counts as not safe for work.
public struct NSFWOptions: StepOptionsValue, Hashable {
    /// Seconds between sampled frames of a video; an image is one frame.
    public var interval: Double = 1
    public var threshold: Double = 0.5

    public init(interval: Double = 1, threshold: Double = 0.5) {
        self.interval = interval
        self.threshold = threshold
    }

    public static var names: [String] { specs.map(\.name) }
    /// A tenth of a second up to an hour: with at most `maximumFrames` frames, a finer interval
    /// only looks at the first half minute of a video.
    public static let intervalRange = 0.1...3600.0
    public static let thresholdRange = 0.0...1.0
    /// The most frames one file is classified by; a longer video is sampled up to its 300th frame.
    public static let maximumFrames = 300

    public static let specs: [OptionSpec] = [
        OptionSpec("interval", .number(intervalRange), default: 1, help: "seconds between the frames of a video that are classified (at most 300 frames)"),
        OptionSpec("threshold", .number(thresholdRange), default: 0.5, help: "the score (0–1) at and above which a frame, and so the file, is not safe for work"),
    ]

    static func parse(_ reader: OptionReader) throws(APIError) -> NSFWOptions {
        try reader.rejectUnknown(allowed: names)
        var o = NSFWOptions()
        o.interval = try reader.number("interval", in: intervalRange, unit: " seconds") ?? 1
        o.threshold = try reader.number("threshold", in: thresholdRange) ?? 0.5
        return o
    }

    public var canonical: JSONObject {
        var writer = CanonicalWriter()
        writer.number("interval", interval)
        writer.number("threshold", threshold)
        return writer.object
    }
}
