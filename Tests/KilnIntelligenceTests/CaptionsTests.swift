import Testing
@testable import KilnIntelligence

/// The caption rules on transcripts made up here: 1–7 s, two lines of 42 characters, in order,
/// inside the duration, split at pauses and sentence ends.
@Suite struct CaptionsTests {
    /// Words of `text` two tenths of a second apart, with a pause of `pause` before each sentence.
    static func transcript(_ text: String, pause: Double = 0) -> Transcript {
        var time = 0.0
        var words: [Transcript.Word] = []
        for word in text.split(separator: " ") {
            words.append(Transcript.Word(start: time, end: time + 0.3, word: String(word)))
            time += 0.35
            if word.hasSuffix(".") { time += pause }
        }
        return Transcript(language: "en", duration: time, segments: [Transcript.Segment(start: 0, end: time, text: text, words: words)])
    }

    static let long = """
        The upload service now accepts files of any size and most videos are ready within two minutes. Storage costs \
        fell by a third after we moved old recordings to cheaper disks. Next year we want live streaming, better search \
        and automatic captions in several languages, which is a long sentence that must be split over several cues.
        """

    @Test(arguments: [0.0, 1.0]) func cuesKeepEveryRule(pause: Double) {
        let transcript = Self.transcript(Self.long, pause: pause)
        let cues = Captions.cues(transcript, duration: transcript.duration)
        #expect(cues.count > 3)
        var previousEnd = 0.0
        for cue in cues {
            #expect(cue.start >= previousEnd)
            #expect(cue.end - cue.start >= 1 && cue.end - cue.start <= 7, "\(cue)")
            #expect(cue.lines.count <= 2 && cue.lines.allSatisfy { $0.count <= 42 }, "\(cue.lines)")
            #expect(cue.end <= transcript.duration)
            previousEnd = cue.end
        }
        #expect(cues.flatMap(\.lines).joined(separator: " ") == Self.long, "every word, once, in order")
    }

    @Test func sentencesEndCues() {
        let cues = Captions.cues(Self.transcript("One two three four five six. Seven eight nine ten eleven twelve."), duration: 10)
        #expect(cues.map { $0.lines.joined(separator: " ") } == ["One two three four five six.", "Seven eight nine ten eleven twelve."])
    }

    @Test func aLastShortCueStaysInsideTheDuration() {
        let transcript = Transcript(language: "en", duration: 2.2, segments: [
            Transcript.Segment(start: 0, end: 2.0, text: "Hello there. Bye.", words: [
                .init(start: 0, end: 0.4, word: "Hello"), .init(start: 0.5, end: 1.2, word: "there."), .init(start: 1.8, end: 2.0, word: "Bye."),
            ]),
        ])
        let cues = Captions.cues(transcript, duration: 2.2)
        #expect(cues.allSatisfy { $0.end <= 2.2 && $0.end - $0.start >= 0.2 })
        #expect(zip(cues, cues.dropFirst()).allSatisfy { $0.end <= $1.start })
    }

    @Test func wrapBalancesTwoLinesAndCutsOverlongWords() {
        let lines = Captions.wrap("the quick brown fox jumps over the lazy dog and keeps running far away".split(separator: " ").map(String.init))
        #expect(lines?.count == 2 && lines?.allSatisfy { $0.count <= 42 } == true)
        #expect(Captions.wrap(Array(repeating: "word", count: 30)) == nil, "too much for two lines")
        #expect(Captions.wrap([String(repeating: "x", count: 60)]) == [String(repeating: "x", count: 42), String(repeating: "x", count: 18)])
    }

    @Test func fileFormats() {
        let cues = [Cue(start: 0, end: 1.5, lines: ["Hello"]), Cue(start: 3661.25, end: 3663, lines: ["a", "b"])]
        #expect(CaptionFile.webVTT(cues) == "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello\n\n01:01:01.250 --> 01:01:03.000\na\nb\n")
        #expect(CaptionFile.subRip(cues) == "1\n00:00:00,000 --> 00:00:01,500\nHello\n\n2\n01:01:01,250 --> 01:01:03,000\na\nb\n")
    }
}

@Suite struct ChaptersAndSummaryTests {
    @Test(arguments: [1.0, 5.0, 30.0, 500.0]) func chaptersTileTheDuration(minimum: Double) {
        let transcript = CaptionsTests.transcript(CaptionsTests.long + " " + CaptionsTests.long, pause: 2)
        let chapters = ChapterFinder.chapters(
            duration: 120, scenes: [3, 10, 10.5, 40, 90], silences: [Silence(start: 60, end: 64)], transcript: transcript, minimumDuration: minimum
        )
        #expect(chapters.first?.start == 0 && chapters.last?.end == 120)
        #expect(zip(chapters, chapters.dropFirst()).allSatisfy { $0.end == $1.start })
        #expect(chapters.allSatisfy { $0.end - $0.start >= min(minimum, 120) })
        if minimum >= 120 { #expect(chapters.count == 1) }
        #expect(chapters.allSatisfy { !$0.title.isEmpty })
    }

    @Test func withoutSpeechChaptersAreNumbered() {
        let chapters = ChapterFinder.chapters(duration: 100, scenes: [50], silences: [], transcript: nil, minimumDuration: 30)
        #expect(chapters == [Chapter(start: 0, end: 50, title: "Chapter 1"), Chapter(start: 50, end: 100, title: "Chapter 2")])
    }

    @Test func aSummaryIsSentencesOfTheTranscript() {
        let transcript = CaptionsTests.transcript(CaptionsTests.long)
        let chapters = [Chapter(start: 0, end: transcript.duration, title: "All")]
        let summary = Summarizer.summary(transcript, chapters: chapters)
        #expect(!summary.isEmpty)
        let sentences = TimedSentence.sentences(of: transcript).map(\.text)
        #expect(sentences.count == 3)
        #expect(summary.components(separatedBy: ". ").allSatisfy { part in sentences.contains { $0.hasPrefix(part) } })
        #expect(sentences.allSatisfy { transcript.text.contains($0) })
        let outline = Summarizer.outline(transcript, chapters: chapters)
        #expect(outline.count == 1 && outline[0].points.allSatisfy(sentences.contains))
    }

    @Test func silencesPairTheirStartAndEnd() {
        let lines = ["lavfi.silence_start=1.5", "lavfi.silence_end=4", "lavfi.silence_start=9"]
        #expect(Silence.parse(lines, duration: 12) == [Silence(start: 1.5, end: 4), Silence(start: 9, end: 12)])
    }
}
