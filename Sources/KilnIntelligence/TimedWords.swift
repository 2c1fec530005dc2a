import Foundation

/// A transcript as a list of words with times: the engine's own word times when it gave them,
/// otherwise each segment's time shared among its words by their length.
struct TimedWord: Sendable, Equatable {
    var start: Double
    var end: Double
    var text: String

    /// Whether the word ends a sentence.
    var endsSentence: Bool {
        guard let last = text.last(where: { !"\"')]»”’".contains($0) }) else { return false }
        return ".?!…。？！".contains(last)
    }

    static func words(of transcript: Transcript) -> [TimedWord] {
        transcript.segments.flatMap { segment -> [TimedWord] in
            if !segment.words.isEmpty {
                return segment.words.map { TimedWord(start: $0.start, end: max($0.start, $0.end), text: $0.word) }
            }
            let pieces = segment.text.split(whereSeparator: \.isWhitespace).map(String.init)
            let total = Double(pieces.reduce(0) { $0 + $1.count + 1 })
            var elapsed = 0.0
            let span = segment.end - segment.start
            return pieces.map { piece in
                let start = segment.start + span * elapsed / max(total, 1)
                elapsed += Double(piece.count + 1)
                return TimedWord(start: start, end: segment.start + span * elapsed / max(total, 1), text: piece)
            }
        }
    }
}

/// A sentence of the transcript, exactly as it was written there, with its times.
public struct TimedSentence: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var text: String

    /// Splits the transcript's text (its segments joined by spaces, as `Transcript.text`) at
    /// sentence ends (`.`, `?`, `!` before a space), across segments, so that each sentence is
    /// a piece of that text as it is. A sentence's times come from the segments it spans, shared
    /// out by position in their text.
    static func sentences(of transcript: Transcript) -> [TimedSentence] {
        var spans: [(start: Int, end: Int, segment: Transcript.Segment)] = []
        var offset = 0
        for segment in transcript.segments {
            spans.append((offset, offset + segment.text.count, segment))
            offset += segment.text.count + 1
        }
        func time(at position: Int) -> Double {
            guard let span = spans.last(where: { $0.start <= position }) ?? spans.first else { return 0 }
            let fraction = Double(min(max(position - span.start, 0), span.end - span.start)) / Double(max(span.end - span.start, 1))
            return span.segment.start + (span.segment.end - span.segment.start) * fraction
        }
        let characters = Array(transcript.text)
        var result: [TimedSentence] = []
        var sentenceStart = 0
        for index in characters.indices {
            let atEnd = index + 1 == characters.count
            guard atEnd || (".?!".contains(characters[index]) && characters[index + 1].isWhitespace) else { continue }
            let raw = String(characters[sentenceStart...index])
            let leading = raw.prefix { $0.isWhitespace }.count
            let text = raw.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                result.append(TimedSentence(start: time(at: sentenceStart + leading), end: time(at: index + 1), text: text))
            }
            sentenceStart = index + 1
        }
        return result
    }
}

