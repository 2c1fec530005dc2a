/// Extractive summaries: every sentence is one of the transcript's, word for word, so a
/// summary never says what was not said. No language model is involved.
public enum Summarizer {
    /// A few sentences: the most representative sentence of each of the longest chapters, then
    /// of the whole, in the order they were said. One sentence per eight, from one to five.
    public static func summary(_ transcript: Transcript, chapters: [Chapter]) -> String {
        let sentences = TimedSentence.sentences(of: transcript)
        let count = min(5, max(1, (sentences.count + 7) / 8))
        var picked: [TimedSentence] = []
        for chapter in chapters.sorted(by: { $0.end - $0.start > $1.end - $1.start }) where picked.count < count {
            let inside = sentences.filter { contains(chapter, $0) }
            if let best = Salience.ranked(inside).first(where: { !picked.contains($0) }) { picked.append(best) }
        }
        for sentence in Salience.ranked(sentences) where picked.count < count && !picked.contains(sentence) {
            picked.append(sentence)
        }
        return picked.sorted { $0.start < $1.start }.map(\.text).joined(separator: " ")
    }

    /// One section per chapter, with up to three of its most representative sentences as points.
    public static func outline(_ transcript: Transcript?, chapters: [Chapter]) -> [Section] {
        let sentences = transcript.map(TimedSentence.sentences(of:)) ?? []
        return chapters.map { chapter in
            let inside = sentences.filter { contains(chapter, $0) }
            let points = Salience.ranked(inside).prefix(3).sorted { $0.start < $1.start }.map(\.text)
            return Section(title: chapter.title, start: chapter.start, end: chapter.end, points: points)
        }
    }

    /// A sentence belongs to the chapter its middle falls in.
    static func contains(_ chapter: Chapter, _ sentence: TimedSentence) -> Bool {
        let middle = (sentence.start + sentence.end) / 2
        return middle >= chapter.start && middle < chapter.end
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var start: Double
        public var end: Double
        public var points: [String]
    }
}
