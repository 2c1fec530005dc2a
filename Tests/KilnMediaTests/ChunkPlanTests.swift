import KilnCore
import KilnMedia
import Testing

/// The encodes of a chunked `video` job: each chunk with the whole encode's filters and codec
/// settings over its span, the audio once, and a join that re-encodes nothing.
@Suite struct ChunkPlanTests {
    let input = MediaFile(kind: .video, width: 1920, height: 1080, duration: 600, framerate: 25, video: .init(name: "h264"), audio: .init(name: "aac"))

    func value(after flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).map { arguments[$0 + 1] }
    }

    @Test func aChunkSeeksToItsKeyframeAndStopsAQuarterFrameBeforeTheNext() throws {
        var options = VideoOptions()
        options.fps = 24
        let whole = try EncodePlan.make(input: input, inputPath: "/in", options: .video(options), outputDirectory: "/out", baseName: "in")
        let chunk = try EncodePlan.chunk(
            input: input, inputPath: "/in", options: options, range: ChunkRange(start: 120.04, end: 240.08), isLast: false, outputDirectory: "/out", name: "c1.mp4"
        )
        #expect(value(after: "-ss", in: chunk.arguments) == "120.040000")
        #expect(value(after: "-t", in: chunk.arguments) == "120.030000")
        #expect(value(after: "-vf", in: chunk.arguments) == value(after: "-vf", in: whole.arguments), "the same filters")
        #expect(value(after: "-crf", in: chunk.arguments) == value(after: "-crf", in: whole.arguments) && value(after: "-preset", in: chunk.arguments) == "veryfast")
        #expect(chunk.arguments.contains("-an") && chunk.arguments.last == "/out/c1.mp4")
        let last = try EncodePlan.chunk(
            input: input, inputPath: "/in", options: options, range: ChunkRange(start: 480, end: 600), isLast: true, outputDirectory: "/out", name: "c4.mp4"
        )
        #expect(!last.arguments.contains("-t"), "the last chunk reads to the end")
    }

    @Test func theAudioIsEncodedOnceOverTheTrimmedSpanAndNotAtAllWhenMuted() throws {
        var options = VideoOptions()
        options.trim = Trim(start: 10, end: 500)
        let audio = try #require(try EncodePlan.chunkedAudio(input: input, inputPath: "/in", options: options, outputDirectory: "/c", name: "a.m4a"))
        #expect(value(after: "-ss", in: audio.arguments) == "10.000" && value(after: "-t", in: audio.arguments) == "490.000")
        #expect(value(after: "-c:a", in: audio.arguments) == "aac" && audio.arguments.contains("-vn"))
        options.mute = true
        #expect(try EncodePlan.chunkedAudio(input: input, inputPath: "/in", options: options, outputDirectory: "/c", name: "a.m4a") == nil)
    }

    @Test func theJoinCopiesAndPutsTheIndexFirst() {
        var options = VideoOptions()
        options.format = .mov
        let join = EncodePlan.join(listPath: "/c/list.txt", audioPath: "/c/a.m4a", options: options, outputDirectory: "/out", baseName: "in", duration: nil, frame: nil)
        #expect(Array(join.arguments.drop { $0 != "-f" }.prefix(6)) == ["-f", "concat", "-safe", "0", "-i", "/c/list.txt"])
        #expect(value(after: "-c", in: join.arguments) == "copy" && value(after: "-movflags", in: join.arguments) == "+faststart")
        #expect(join.primaryOutput == "in.mov" && join.arguments.last == "/out/in.mov")
        #expect(EncodePlan.concatList(["/a/x.mp4", "/a/it's.mp4"]) == "file '/a/x.mp4'\nfile '/a/it'\\''s.mp4'\n")
    }
}
