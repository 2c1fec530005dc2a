import Foundation
import KilnCore
import Testing

/// A workflow's long encodes are chunked like a job's (issue #16 on issue #15's workflows): each
/// `video` or `adaptive_video` step that will run joins its own chunks, a gated step's chunks run
/// only once its gate holds, and a step whose gate does not hold gains none. Real ffmpeg, a real
/// SQLite store, several workers.
@Suite(.serialized) struct ChunkedWorkflowTests {
    typealias Rig = ChunkedVideoTests.Rig

    static let body = #"""
        {"input":"https://example.com/in.mp4","workflow":[
          {"kind":"video","ref":"web"},
          {"kind":"image","ref":"poster","options":{"start":2,"format":"webp","width":320}},
          {"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":5}],
           "next":[{"kind":"adaptive_video","ref":"hls","options":{"quality":"low"}}]},
          {"kind":"conditions","conditions":[{"prop":"duration","operator":">=","value":60}],
           "next":[{"kind":"video","ref":"long_only"}]}
        ]}
        """#

    func path(of url: JSONValue?, in rig: Rig) throws -> String {
        let url = try #require(url?.stringValue)
        #expect(url.hasPrefix("http://kiln.test/files/"))
        return rig.files.path(for: String(url.dropFirst("http://kiln.test/files/".count)))
    }

    @Test func eachEncodeThatRunsJoinsItsOwnChunks() async throws {
        let rig = try Rig(height: 480)
        defer { try? FileManager.default.removeItem(at: rig.directory) }
        let run = try await rig.job(body: Self.body)
        let final = try #require(try await rig.executor.runToEnd(run.id, workers: 3, workerPrefix: "w"))
        #expect(final.status == .succeeded, Comment(rawValue: String(describing: final.error)))
        #expect(final.outputs.keys == ["web", "poster", "hls"])

        let index = { (ref: String) in try #require(final.steps.firstIndex { $0.ref == ref }) }
        let starts = { (encode: Int) in Lifecycle.chunks(joinedBy: encode, in: final).map { final.steps[$0].options["start"]?.doubleValue ?? -1 } }
        #expect(try starts(index("web")) == [0, 3.04, 5.48, 7.48], "web is cut at the input's keyframes")
        #expect(try starts(index("hls")) == [0, 3.04, 5.48, 7.48], "so is hls, behind a gate that holds")
        let gate = try #require(final.steps.firstIndex { $0.kind == .conditions })
        #expect(try Lifecycle.chunks(joinedBy: index("hls"), in: final).allSatisfy { final.steps[$0].after == [final.steps[gate].id] })
        let skipped = final.steps[try index("long_only")]
        #expect(skipped.status == .cancelled && skipped.error?.kind == "condition_not_met")
        #expect(try Lifecycle.chunks(joinedBy: index("long_only"), in: final).isEmpty, "a step whose gate does not hold gains no chunks")
        #expect(final.steps.filter { $0.kind == .videoChunk }.count == 8)
        #expect(final.steps.filter { $0.kind == .videoChunk }.allSatisfy { $0.status == .succeeded && $0.attempts == 1 && $0.lease == nil })
        #expect(!FileManager.default.fileExists(atPath: rig.files.path(for: "\(run.id)/.chunks")), "the chunks are removed once the job ends")

        let web = try path(of: final.outputs["web"], in: rig)
        #expect(try ChunkedVideoTests.frameCount(web) == 250, "as many frames as the input")
        let times = try ChunkedVideoTests.frameTimes(web)
        #expect(times.first == 0 && zip(times, times.dropFirst()).allSatisfy { abs($1 - $0 - 0.04) <= 0.001 }, "timestamps continue across the joins")

        var options = AdaptiveVideoOptions()
        options.quality = .low
        let master = try path(of: final.outputs["hls"], in: rig)
        let wholeMaster = try await ChunkedAdaptiveVideoTests.wholeEncode(rig, options)
        #expect(try ChunkedAdaptiveVideoTests.lines(master) == ChunkedAdaptiveVideoTests.lines(wholeMaster), "the master playlist of a whole encode")
        let renditions = try ChunkedAdaptiveVideoTests.renditions(master: master)
        #expect(renditions.count == 2 && Set(renditions.map(\.durations)).count == 1)
        for rendition in renditions {
            #expect(try ChunkedVideoTests.frameCount(rendition.joined(into: rig.directory)) == 250)
            for segment in rendition.segments { #expect(try ChunkedAdaptiveVideoTests.packets(segment).first?.key == true) }
        }
    }
}
