/// A chapter of the media: where it starts and ends, and its title.
public struct Chapter: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var title: String

    public init(start: Double, end: Double, title: String) {
        self.start = start
        self.end = end
        self.title = title
    }
}

/// Finds chapters that tile the whole media (no gap, no overlap), each at least
/// `minimumDuration` long, at its strongest boundaries: scene changes, long silences and, when
/// there is speech, the places where what is said changes topic.
public enum ChapterFinder {
    /// A place a chapter may start, and how strongly.
    struct Boundary: Equatable {
        var time: Double
        var strength: Double
    }

    public static func chapters(
        duration: Double, scenes: [Double], silences: [Silence], transcript: Transcript?, minimumDuration: Double
    ) -> [Chapter] {
        let sentences = transcript.map(TimedSentence.sentences(of:)) ?? []
        // A long silence is the plainest sign of a new part, then a cut, then a change of topic.
        var boundaries = scenes.map { Boundary(time: $0, strength: 1.5) }
        boundaries += silences.map { Boundary(time: $0.end, strength: 2 + min($0.end - $0.start, 10) / 5) }
        boundaries += topicShifts(sentences)
        let starts = chosen(boundaries, duration: duration, minimumDuration: minimumDuration)
        let edges = [0] + starts + [duration]
        return (0..<edges.count - 1).map { index in
            let start = edges[index], end = edges[index + 1]
            let inside = sentences.filter { $0.start < end && $0.end > start && ($0.start + $0.end) / 2 >= start && ($0.start + $0.end) / 2 < end }
            return Chapter(start: start, end: end, title: title(inside) ?? "Chapter \(index + 1)")
        }
    }

    /// The strongest boundaries, strongest first, that keep every chapter at least
    /// `minimumDuration` long; in time order.
    static func chosen(_ boundaries: [Boundary], duration: Double, minimumDuration: Double) -> [Double] {
        var starts: [Double] = []
        for boundary in boundaries.sorted(by: { $0.strength != $1.strength ? $0.strength > $1.strength : $0.time < $1.time }) {
            let t = boundary.time
            guard t >= minimumDuration, duration - t >= minimumDuration else { continue }
            guard starts.allSatisfy({ abs($0 - t) >= minimumDuration }) else { continue }
            starts.append(t)
        }
        return starts.sorted()
    }

    /// Where the words before and after a sentence boundary have least in common (TextTiling):
    /// windows of a few sentences either side, a boundary where the similarity is a local
    /// minimum well below the average.
    static func topicShifts(_ sentences: [TimedSentence], window: Int = 3) -> [Boundary] {
        guard sentences.count >= 2 * window else { return [] }
        let bags = sentences.map { Terms.of($0.text) }
        var scores: [(index: Int, similarity: Double)] = []
        for gap in window...(sentences.count - window) {
            let before = Terms.counts(bags[(gap - window)..<gap].flatMap { $0 })
            let after = Terms.counts(bags[gap..<(gap + window)].flatMap { $0 })
            scores.append((gap, Terms.similarity(before, after)))
        }
        let mean = scores.map(\.similarity).reduce(0, +) / Double(scores.count)
        return scores.enumerated().compactMap { position, score in
            let left = position > 0 ? scores[position - 1].similarity : 1
            let right = position + 1 < scores.count ? scores[position + 1].similarity : 1
            guard score.similarity <= left, score.similarity <= right, score.similarity < mean * 0.75 else { return nil }
            return Boundary(time: sentences[score.index].start, strength: 1 + (1 - score.similarity))
        }
    }

    /// A chapter's title: its most representative sentence, shortened to about eight words.
    static func title(_ sentences: [TimedSentence]) -> String? {
        guard let best = Salience.ranked(sentences).first else { return nil }
        let words = best.text.split(separator: " ")
        guard words.count > 8 else { return best.text }
        return words.prefix(8).joined(separator: " ") + "…"
    }
}

/// Scores sentences by how much of what the passage is about they carry: the frequency of their
/// content words in the passage, per word of the sentence.
enum Salience {
    static func ranked(_ sentences: [TimedSentence]) -> [TimedSentence] {
        let frequencies = Terms.counts(sentences.flatMap { Terms.of($0.text) })
        let scored = sentences.enumerated().map { index, sentence -> (Int, Double) in
            let terms = Terms.of(sentence.text)
            guard !terms.isEmpty else { return (index, 0) }
            let weight = terms.reduce(0.0) { $0 + (frequencies[$1] ?? 0) }
            return (index, weight / Double(terms.count).squareRoot())
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { sentences[$0.0] }
    }
}
