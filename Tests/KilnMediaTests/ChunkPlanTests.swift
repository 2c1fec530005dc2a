import KilnCore
import KilnMedia
import Testing

/// The encodes of a chunked `video` or `adaptive_video` job: each chunk with the whole encode's
/// filters and codec settings over its span, the audio once, and a join that re-encodes nothing.
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
            input: input, inputPath: "/in", options: .video(options), range: ChunkRange(start: 120.04, end: 240.08), isLast: false, outputDirectory: "/out", name: "c1.mp4"
        )
        #expect(value(after: "-ss", in: chunk.arguments) == "120.040000")
        #expect(value(after: "-t", in: chunk.arguments) == "120.030000")
        #expect(value(after: "-vf", in: chunk.arguments) == value(after: "-vf", in: whole.arguments), "the same filters")
        #expect(value(after: "-crf", in: chunk.arguments) == value(after: "-crf", in: whole.arguments) && value(after: "-preset", in: chunk.arguments) == "veryfast")
        #expect(chunk.arguments.contains("-an") && chunk.arguments.last == "/out/c1.mp4")
        let last = try EncodePlan.chunk(
            input: input, inputPath: "/in", options: .video(options), range: ChunkRange(start: 480, end: 600), isLast: true, outputDirectory: "/out", name: "c4.mp4"
        )
        #expect(!last.arguments.contains("-t"), "the last chunk reads to the end")
    }

    @Test func theAudioIsEncodedOnceOverTheTrimmedSpanAndNotAtAllWhenMuted() throws {
        var options = VideoOptions()
        options.trim = Trim(start: 10, end: 500)
        let audio = try #require(try EncodePlan.chunkedAudio(input: input, inputPath: "/in", options: .video(options), outputDirectory: "/c", name: "a.m4a"))
        #expect(value(after: "-ss", in: audio.arguments) == "10.000" && value(after: "-t", in: audio.arguments) == "490.000")
        #expect(value(after: "-c:a", in: audio.arguments) == "aac" && audio.arguments.contains("-vn"))
        options.mute = true
        #expect(try EncodePlan.chunkedAudio(input: input, inputPath: "/in", options: .video(options), outputDirectory: "/c", name: "a.m4a") == nil)
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

    // MARK: adaptive_video

    struct GridCase: Sendable, CustomTestStringConvertible {
        let trimStart: Double?
        let chunkStart: Double
        let forced: String
        var testDescription: String { "chunk at \(chunkStart) s, trim from \(trimStart ?? 0) s" }
    }

    /// 25 fps: a quarter frame is 0.01 s. The grid of 2 s counts from the trim's start.
    static let grids: [GridCase] = [
        GridCase(trimStart: nil, chunkStart: 0, forced: "expr:gte(t,n_forced*2)"),
        GridCase(trimStart: nil, chunkStart: 7.48, forced: "expr:gte(t,0.510000+n_forced*2)"),
        GridCase(trimStart: nil, chunkStart: 8, forced: "expr:gte(t,-0.010000+n_forced*2)"),
        GridCase(trimStart: nil, chunkStart: 120.04, forced: "expr:gte(t,1.950000+n_forced*2)"),
        GridCase(trimStart: 1, chunkStart: 1, forced: "expr:gte(t,n_forced*2)"),
        GridCase(trimStart: 1, chunkStart: 3.04, forced: "expr:gte(t,1.950000+n_forced*2)"),
        GridCase(trimStart: 1, chunkStart: 5, forced: "expr:gte(t,-0.010000+n_forced*2)"),
    ]

    @Test(arguments: grids) func anAdaptiveChunkForcesKeyframesOnTheWholeEncodesGrid(_ c: GridCase) throws {
        var options = AdaptiveVideoOptions()
        options.trim = Trim(start: c.trimStart)
        let chunk = try EncodePlan.chunk(
            input: input, inputPath: "/in", options: .adaptiveVideo(options), range: ChunkRange(start: c.chunkStart, end: c.chunkStart + 120),
            isLast: false, outputDirectory: "/out", name: "c.mp4"
        )
        #expect(value(after: "-force_key_frames", in: chunk.arguments) == c.forced)
    }

    @Test func anAdaptiveChunkEncodesItsSpanInEveryRenditionAsTheWholeEncodeDoes() throws {
        let options = AdaptiveVideoOptions()
        let whole = try EncodePlan.make(input: input, inputPath: "/in", options: .adaptiveVideo(options), outputDirectory: "/out", baseName: "in")
        let chunk = try EncodePlan.chunk(
            input: input, inputPath: "/in", options: .adaptiveVideo(options), range: ChunkRange(start: 120.04, end: 240.08), isLast: false,
            outputDirectory: "/out", name: "c1.mp4"
        )
        #expect(value(after: "-ss", in: chunk.arguments) == "120.040000" && value(after: "-t", in: chunk.arguments) == "120.030000")
        #expect(value(after: "-filter_complex", in: chunk.arguments) == value(after: "-filter_complex", in: whole.arguments), "the same ladder")
        for flag in ["-b:v:0", "-b:v:3", "-maxrate:v:2", "-preset", "-sc_threshold"] {
            #expect(value(after: flag, in: chunk.arguments) == value(after: flag, in: whole.arguments), "\(flag) as in a whole encode")
        }
        let maps = chunk.arguments.indices.filter { chunk.arguments[$0] == "-map" }.map { chunk.arguments[$0 + 1] }
        #expect(maps == ["[v0]", "[v1]", "[v2]", "[v3]"], "one video track per rendition, no audio")
        #expect(chunk.arguments.contains("-an") && Array(chunk.arguments.suffix(3)) == ["-f", "mp4", "/out/c1.mp4"])
        #expect(chunk.frame == whole.frame)

        let audio = try #require(try EncodePlan.chunkedAudio(input: input, inputPath: "/in", options: .adaptiveVideo(options), outputDirectory: "/c", name: "a.m4a"))
        #expect(value(after: "-c:a", in: audio.arguments) == "aac" && value(after: "-ac", in: audio.arguments) == "2")
        #expect(value(after: "-b:a", in: audio.arguments) == value(after: "-b:a", in: whole.arguments))
    }

    @Test func theAdaptiveJoinCopiesEveryRenditionIntoTheWholeEncodesHLS() throws {
        let options = AdaptiveVideoOptions()
        let whole = try EncodePlan.make(input: input, inputPath: "/in", options: .adaptiveVideo(options), outputDirectory: "/out", baseName: "in")
        let join = try EncodePlan.join(
            listPath: "/c/list.txt", audioPath: "/c/a.m4a", input: input, options: .adaptiveVideo(options), outputDirectory: "/out", baseName: "in"
        )
        #expect(Array(join.arguments.drop { $0 != "-f" }.prefix(8)) == ["-f", "concat", "-safe", "0", "-i", "/c/list.txt", "-i", "/c/a.m4a"])
        let maps = join.arguments.indices.filter { join.arguments[$0] == "-map" }.map { join.arguments[$0 + 1] }
        #expect(maps == ["0:v:0", "1:a:0", "0:v:1", "1:a:0", "0:v:2", "1:a:0", "0:v:3", "1:a:0"])
        #expect(value(after: "-c", in: join.arguments) == "copy" && !join.arguments.contains("-c:v") && !join.arguments.contains("-c:a"), "nothing re-encoded")
        #expect(value(after: "-b:v:1", in: join.arguments) == value(after: "-b:v:1", in: whole.arguments), "the master playlist's bandwidths as a whole encode's")
        #expect(Array(join.arguments.drop { $0 != "-sn" }) == Array(whole.arguments.drop { $0 != "-sn" }), "the same HLS muxer and files")
        #expect(join.primaryOutput == whole.primaryOutput && join.outputDirectory == whole.outputDirectory && join.frame == whole.frame)
        #expect(throws: MediaError.self) {
            try EncodePlan.join(listPath: "/c/list.txt", audioPath: nil, input: input, options: .audio(AudioOptions()), outputDirectory: "/out", baseName: "in")
        }
    }
}
