/// Captions from a transcript: cues of 1 to 7 seconds, at most two lines of at most 42
/// characters, in order and inside the media, split at pauses and at the ends of sentences.
public struct Cue: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var lines: [String]

    public init(start: Double, end: Double, lines: [String]) {
        self.start = start
        self.end = end
        self.lines = lines
    }
}

public enum Captions {
    public static let maximumLineLength = 42
    public static let maximumLines = 2
    public static let minimumSeconds = 1.0
    public static let maximumSeconds = 7.0
    /// A gap between words at least this long ends a cue.
    public static let pauseSeconds = 0.6

    /// The cues of `transcript`, none past `duration` (the media's length, in the transcript's times).
    public static func cues(_ transcript: Transcript, duration: Double) -> [Cue] {
        var groups: [[TimedWord]] = []
        var current: [TimedWord] = []
        for word in TimedWord.words(of: transcript) where !word.text.isEmpty {
            if let first = current.first, let last = current.last {
                let tooLong = word.end - first.start > maximumSeconds
                let paused = word.start - last.end >= pauseSeconds
                let overflows = wrap((current + [word]).map(\.text)) == nil
                if tooLong || paused || overflows {
                    groups.append(current)
                    current = []
                }
            }
            current.append(word)
            if word.endsSentence {
                groups.append(current)
                current = []
            }
        }
        if !current.isEmpty { groups.append(current) }
        return timed(merged(groups), duration: duration)
    }

    /// Joins a group shorter than the minimum to its neighbour when the two still make one cue.
    static func merged(_ groups: [[TimedWord]]) -> [[TimedWord]] {
        var result: [[TimedWord]] = []
        for group in groups {
            if let previous = result.last, let first = previous.first, let last = group.last,
                (previous.last!.end - first.start < minimumSeconds || last.end - group.first!.start < minimumSeconds),
                last.end - first.start <= maximumSeconds, wrap((previous + group).map(\.text)) != nil
            {
                result[result.count - 1] = previous + group
            } else {
                result.append(group)
            }
        }
        return result
    }

    /// Times each group: at least a second (a short cue may run into the time of the next one's
    /// first words, which then starts later but still lasts a second), at most seven, never
    /// overlapping the next, never past `duration`.
    static func timed(_ groups: [[TimedWord]], duration: Double) -> [Cue] {
        var cues: [Cue] = []
        for (index, group) in groups.enumerated() {
            guard let lines = wrap(group.map(\.text)), let first = group.first, let last = group.last else { continue }
            let next = index + 1 < groups.count ? groups[index + 1] : nil
            let limit = min(duration, next.map { max($0.first!.start, $0.last!.end - minimumSeconds) } ?? duration)
            var start = max(first.start, cues.last?.end ?? 0)
            var end = min(max(last.end, start + minimumSeconds), start + maximumSeconds, limit)
            if end - start < minimumSeconds {
                // No room after: begin earlier, after the previous cue.
                start = max(cues.last?.end ?? 0, end - minimumSeconds)
            }
            if end <= start { end = min(start + minimumSeconds, duration) }
            guard end > start else { continue }
            cues.append(Cue(start: start, end: end, lines: lines))
        }
        return cues
    }

    /// The words as at most two lines of at most 42 characters, as even as they can be; nil
    /// when they do not fit. A single word longer than a line is cut.
    static func wrap(_ words: [String]) -> [String]? {
        let words = words.flatMap { word -> [String] in
            guard word.count > maximumLineLength else { return [word] }
            return stride(from: 0, to: word.count, by: maximumLineLength).map { offset in
                String(word.dropFirst(offset).prefix(maximumLineLength))
            }
        }
        let whole = words.joined(separator: " ")
        if whole.count <= maximumLineLength { return [whole] }
        var best: [String]?
        var bestLongest = Int.max
        for split in 1..<max(words.count, 1) {
            let top = words[..<split].joined(separator: " ")
            let bottom = words[split...].joined(separator: " ")
            let longest = max(top.count, bottom.count)
            if longest <= maximumLineLength, longest < bestLongest {
                best = [top, bottom]
                bestLongest = longest
            }
        }
        return best
    }
}

/// Writes cues as WebVTT or SubRip.
public enum CaptionFile {
    public static func webVTT(_ cues: [Cue]) -> String {
        var text = "WEBVTT\n"
        for cue in cues {
            text += "\n\(timestamp(cue.start, separator: ".")) --> \(timestamp(cue.end, separator: "."))\n"
            text += cue.lines.joined(separator: "\n") + "\n"
        }
        return text
    }

    public static func subRip(_ cues: [Cue]) -> String {
        var text = ""
        for (index, cue) in cues.enumerated() {
            if index > 0 { text += "\n" }
            text += "\(index + 1)\n\(timestamp(cue.start, separator: ",")) --> \(timestamp(cue.end, separator: ","))\n"
            text += cue.lines.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SubRip).
    public static func timestamp(_ seconds: Double, separator: String) -> String {
        let millis = Int((max(0, seconds) * 1000).rounded())
        let h = millis / 3_600_000, m = millis / 60_000 % 60, s = millis / 1000 % 60, ms = millis % 1000
        return pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + separator + pad(ms, 3)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
