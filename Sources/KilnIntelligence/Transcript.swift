import KilnCore

/// What a speech engine heard: the `speech` kind's result, and what subtitles, chapters, summary
/// and outline are made from. Times are seconds from the start of the audio the engine read.
public struct Transcript: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var word: String
        public var confidence: Double?

        public init(start: Double, end: Double, word: String, confidence: Double? = nil) {
            self.start = start
            self.end = end
            self.word = word
            self.confidence = confidence
        }
    }

    public struct Segment: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var text: String
        public var words: [Word]

        public init(start: Double, end: Double, text: String, words: [Word] = []) {
            self.start = start
            self.end = end
            self.text = text
            self.words = words
        }
    }

    public var language: String
    public var duration: Double
    public var segments: [Segment]

    public init(language: String, duration: Double, segments: [Segment]) {
        self.language = language
        self.duration = duration
        self.segments = segments
    }

    public var text: String { segments.map(\.text).joined(separator: " ") }
    public var isEmpty: Bool { segments.isEmpty }

    /// Moves every time by `offset` seconds (the audio read began at `start` of the media).
    public func shifted(by offset: Double) -> Transcript {
        guard offset != 0 else { return self }
        var copy = self
        copy.segments = segments.map { segment in
            var s = segment
            s.start += offset
            s.end += offset
            s.words = segment.words.map { Word(start: $0.start + offset, end: $0.end + offset, word: $0.word, confidence: $0.confidence) }
            return s
        }
        return copy
    }

    /// The engine's JSON; nil when it is not a transcript.
    public init?(json: JSONValue) {
        guard let segments = json["segments"]?.arrayValue else { return nil }
        var parsed: [Segment] = []
        for item in segments {
            guard let start = item["start"]?.doubleValue, let end = item["end"]?.doubleValue, let text = item["text"]?.stringValue else { return nil }
            let words = (item["words"]?.arrayValue ?? []).compactMap { w -> Word? in
                guard let ws = w["start"]?.doubleValue, let we = w["end"]?.doubleValue, let word = w["word"]?.stringValue else { return nil }
                return Word(start: ws, end: we, word: word, confidence: w["confidence"]?.doubleValue)
            }
            parsed.append(Segment(start: start, end: max(start, end), text: text, words: words))
        }
        self.init(language: json["language"]?.stringValue ?? "en", duration: json["duration"]?.doubleValue ?? 0, segments: parsed)
    }

    /// `{language, duration, text, segments: [{start, end, text, words: [{start, end, word, confidence}]}]}`.
    public var json: JSONValue {
        .object(JSONObject([
            JSONField("language", .string(language)),
            JSONField("duration", Seconds.json(duration)),
            JSONField("text", .string(text)),
            JSONField("segments", .array(segments.map { segment in
                .object(JSONObject([
                    JSONField("start", Seconds.json(segment.start)),
                    JSONField("end", Seconds.json(segment.end)),
                    JSONField("text", .string(segment.text)),
                    JSONField("words", .array(segment.words.map { word in
                        .object(JSONObject([
                            JSONField("start", Seconds.json(word.start)), JSONField("end", Seconds.json(word.end)),
                            JSONField("word", .string(word.word)), JSONField("confidence", .optional(word.confidence)),
                        ]))
                    })),
                ]))
            })),
        ]))
    }
}

/// Times as the results write them: seconds to the millisecond.
enum Seconds {
    static func json(_ seconds: Double) -> JSONValue { .double((seconds * 1000).rounded() / 1000) }
}
