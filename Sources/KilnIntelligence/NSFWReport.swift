import KilnCore

/// One classified frame: its time in the input and the model's probability of each label.
public struct NSFWFrame: Sendable, Equatable {
    public var time: Double
    public var labels: [(name: String, score: Double)]

    public init(time: Double, labels: [(name: String, score: Double)]) {
        self.time = time
        self.labels = labels
    }

    /// The probability that the frame is not safe for work.
    public var score: Double { labels.first { $0.name == "nsfw" }?.score ?? 0 }

    public static func == (lhs: NSFWFrame, rhs: NSFWFrame) -> Bool {
        lhs.time == rhs.time && lhs.labels.map(\.name) == rhs.labels.map(\.name) && lhs.labels.map(\.score) == rhs.labels.map(\.score)
    }
}

/// What an nsfw task reports: `{nsfw, score, threshold, frames: [{time, score, labels}]}`, where
/// the file's score is its worst frame's, and it is not safe for work when that reaches the threshold.
public struct NSFWReport: Sendable, Equatable {
    public var frames: [NSFWFrame]
    public var threshold: Double
    /// The model, for the record (`open_nsfw`).
    public var model: String

    public init(frames: [NSFWFrame], threshold: Double, model: String = "open_nsfw") {
        self.frames = frames
        self.threshold = threshold
        self.model = model
    }

    public var score: Double { frames.map(\.score).max() ?? 0 }
    public var isNSFW: Bool { score >= threshold }

    public var json: JSONValue {
        .object(JSONObject([
            JSONField("nsfw", .bool(isNSFW)),
            JSONField("score", Self.number(score)),
            JSONField("threshold", Self.number(threshold)),
            JSONField("model", .string(model)),
            JSONField("frames", .array(frames.map { frame in
                .object(JSONObject([
                    JSONField("time", Self.number(frame.time)),
                    JSONField("score", Self.number(frame.score)),
                    JSONField("labels", .object(JSONObject(frame.labels.map { JSONField($0.name, Self.number($0.score)) }))),
                ]))
            })),
        ]))
    }

    /// Six decimals (more than the model can tell apart, and a report that reads); whole numbers
    /// as integers, as the options read back.
    static func number(_ value: Double) -> JSONValue {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded.rounded() == rounded && abs(rounded) < 1e15 ? .int(Int64(rounded)) : .double(rounded)
    }
}
