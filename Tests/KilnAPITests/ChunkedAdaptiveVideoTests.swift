import Foundation
import KilnCore
import KilnMedia
import Testing

/// Chunked `adaptive_video` encodes (issue #16) with real ffmpeg over a real SQLite store and
/// several workers: each chunk holds its span in every rendition, and the join segments the
/// joined renditions without re-encoding. Checked against the same input encoded whole.
@Suite(.serialized) struct ChunkedAdaptiveVideoTests {
    typealias Rig = ChunkedVideoTests.Rig

    /// One rendition of an HLS result: its name, its segments' durations and files.
    struct Rendition {
        let name: String
        let durations: [String]
        let segments: [String]

        /// The segments one after the other, as a player reads them, in one MPEG-TS file.
        func joined(into directory: URL) throws -> String {
            let path = directory.appendingPathComponent("\(name.replacingOccurrences(of: "/", with: "-")).ts").path
            var bytes = Data()
            for segment in segments { bytes.append(try Data(contentsOf: URL(fileURLWithPath: segment))) }
            try bytes.write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    static func renditions(master: String) throws -> [Rendition] {
        let base = (master as NSString).deletingLastPathComponent
        return try lines(master).filter { $0.hasSuffix(".m3u8") }.map { variant in
            let playlist = base + "/" + variant
            let folder = (playlist as NSString).deletingLastPathComponent
            let entries = try lines(playlist)
            return Rendition(
                name: variant, durations: entries.filter { $0.hasPrefix("#EXTINF:") },
                segments: entries.filter { $0.hasSuffix(".ts") }.map { folder + "/" + $0 }
            )
        }
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
    }

    /// The video packets' times and whether each is a keyframe, in decoding order.
    static func packets(_ path: String) throws -> [(time: Double, key: Bool)] {
        try MediaInspector.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path])
            .split(whereSeparator: \.isNewline).compactMap { line in
                let fields = line.split(separator: ",")
                guard fields.count >= 2, let time = Double(fields[0]) else { return nil }
                return (time, fields[1].hasPrefix("K"))
            }
    }

    /// The input encoded whole, with the plan a single adaptive_video encode uses; its master playlist.
    static func wholeEncode(_ rig: Rig, _ options: AdaptiveVideoOptions) async throws -> String {
        let media = try await FFmpeg().probe(path: rig.input, filename: "in.mp4")
        let plan = try EncodePlan.make(input: media, inputPath: rig.input, options: .adaptiveVideo(options), outputDirectory: rig.directory.path, baseName: "whole")
        try FileManager.default.createDirectory(at: rig.directory.appendingPathComponent("whole"), withIntermediateDirectories: true)
        _ = try MediaInspector.run("ffmpeg", plan.arguments)
        return rig.directory.appendingPathComponent(plan.primaryOutput).path
    }

    func master(of run: Run, in rig: Rig) throws -> String {
        let url = try #require(run.output)
        #expect(url.hasPrefix("http://kiln.test/files/") && url.hasSuffix("/master.m3u8"))
        return rig.files.path(for: String(url.dropFirst("http://kiln.test/files/".count)))
    }

    @Test func aLongAdaptiveVideoIsEncodedInChunksAndSegmentedLikeOneEncode() async throws {
        let rig = try Rig(height: 480)
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.job(kind: "adaptive_video")
        let final = try #require(try await rig.executor.runToEnd(run.id, workers: 3, workerPrefix: "w"))
        #expect(final.status == .succeeded, Comment(rawValue: String(describing: final.error)))
        let chunks = final.steps.filter { $0.kind == .videoChunk }
        #expect(chunks.map { $0.options["start"]?.doubleValue ?? -1 } == [0, 3.04, 5.48, 7.48], "cut at the input's keyframes")
        #expect(chunks.allSatisfy { $0.status == .succeeded && $0.attempts == 1 && $0.lease == nil })
        #expect(final.steps.first { $0.kind == .adaptiveVideo }?.progress == 100)
        #expect(!FileManager.default.fileExists(atPath: rig.files.path(for: "\(run.id)/.chunks")), "the chunks are removed once the job ends")

        let master = try master(of: final, in: rig)
        let wholeMaster = try await Self.wholeEncode(rig, AdaptiveVideoOptions())
        #expect(try Self.lines(master) == Self.lines(wholeMaster), "the same master playlist as a whole encode (rungs, bandwidths, codecs)")
        let renditions = try Self.renditions(master: master)
        let whole = try Self.renditions(master: wholeMaster)
        #expect(renditions.map(\.name) == ["480p/index.m3u8", "360p/index.m3u8"])
        #expect(Set(renditions.map(\.durations)).count == 1, "segment boundaries line up across renditions: \(renditions.map(\.durations))")

        var keyframeTimes: [[Double]] = []
        for (rendition, single) in zip(renditions, whole) {
            for segment in rendition.segments {
                #expect(try Self.packets(segment).first?.key == true, "\(segment) starts with a keyframe")
            }
            let joined = try rendition.joined(into: rig.directory)
            let reference = try single.joined(into: rig.directory.appendingPathComponent("whole"))
            #expect(try [ChunkedVideoTests.frameCount(joined), ChunkedVideoTests.frameCount(reference)] == [250, 250], "as many frames as the input")
            let times = try ChunkedVideoTests.frameTimes(joined)
            let gaps = zip(times, times.dropFirst()).map { $1 - $0 }.filter { abs($0 - 0.04) > 0.001 }
            #expect(gaps.isEmpty, "timestamps continue across the joins: \(gaps)")
            let keys = try Self.packets(joined).filter(\.key).map(\.time)
            let wholeKeys = try Self.packets(reference).filter(\.key).map(\.time)
            #expect(Set(wholeKeys).isSubset(of: Set(keys)), "keyframes where a whole encode has them: \(keys) \(wholeKeys)")
            keyframeTimes.append(keys)
            let probe = try MediaInspector.ffprobe(joined)
            #expect(probe.stream("audio")?["codec_name"] == "aac", "every rendition carries the audio")
        }
        #expect(Set(keyframeTimes).count == 1, "every rendition has its keyframes at the same times")

        // No seam: the top rendition's frames around each join against the same frames encoded whole.
        let top = try renditions[0].joined(into: rig.directory)
        let reference = try whole[0].joined(into: rig.directory.appendingPathComponent("whole"))
        let joined = try ChunkedVideoTests.ssimPerFrame(top, reference: rig.input)
        let single = try ChunkedVideoTests.ssimPerFrame(reference, reference: rig.input)
        #expect(joined.count == 250 && single.count == 250)
        ChunkedVideoTests.expectNoSeams(joined, single, at: chunks)
    }

    @Test func aTrimmedAdaptiveVideoKeepsItsSpanAndItsAlignedSegments() async throws {
        let rig = try Rig(height: 480)
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.job(#"{"start":1,"end":8.5,"quality":"low"}"#, kind: "adaptive_video")
        let final = try #require(try await rig.executor.runToEnd(run.id, workers: 2, workerPrefix: "w"))
        #expect(final.status == .succeeded, Comment(rawValue: String(describing: final.error)))
        #expect(final.steps.filter { $0.kind == .videoChunk }.map { $0.options["start"]?.doubleValue ?? -1 } == [1, 3.04, 5.48, 7.48])
        var options = AdaptiveVideoOptions()
        options.trim = Trim(start: 1, end: 8.5)
        options.quality = .low
        let master = try master(of: final, in: rig)
        let wholeMaster = try await Self.wholeEncode(rig, options)
        #expect(try Self.lines(master) == Self.lines(wholeMaster))
        let renditions = try Self.renditions(master: master)
        #expect(renditions.count == 2 && Set(renditions.map(\.durations)).count == 1, "\(renditions.map(\.durations))")
        var keyframeTimes: [[Double]] = []
        for (rendition, single) in zip(renditions, try Self.renditions(master: wholeMaster)) {
            let joined = try rendition.joined(into: rig.directory)
            let reference = try single.joined(into: rig.directory.appendingPathComponent("whole"))
            #expect(try ChunkedVideoTests.frameCount(joined) == 188, "frames from 1 s to 8.5 s")
            let keys = try Self.packets(joined).filter(\.key).map(\.time)
            #expect(Set(try Self.packets(reference).filter(\.key).map(\.time)).isSubset(of: Set(keys)), "the keyframe grid counts from the trim's start")
            keyframeTimes.append(keys)
            for segment in rendition.segments { #expect(try Self.packets(segment).first?.key == true) }
        }
        #expect(Set(keyframeTimes).count == 1)
    }
}
