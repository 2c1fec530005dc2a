import Foundation
import KilnCore
import Testing

/// Speech made at test time with espeak-ng from known text, and checks of the captions files
/// the analysis kinds write.
enum SpeechClips {
    static let talk = """
        Welcome to the quarterly review of our media platform. Today we will look at three topics: the new upload \
        service, the cost of storage, and the plans for next year. Storage costs fell by a third after we moved old \
        recordings to cheaper disks. Next year we want to add live streaming and better search.
        """
    /// Words of `talk` the transcript must contain.
    static let keywords = ["quarterly", "media", "platform", "upload", "storage", "recordings", "streaming", "search"]

    /// `text` spoken into a WAV file (mono, 16 kHz), with `silence` seconds of silence after it.
    static func wav(_ text: String = talk, silence: Double = 0) throws -> Data {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spoken = directory.appendingPathComponent("spoken.wav").path
        let out = directory.appendingPathComponent("clip.wav").path
        _ = try MediaInspector.run("espeak-ng", ["-v", "en-us", "-s", "160", "-w", spoken, text])
        _ = try MediaInspector.run("ffmpeg", ["-v", "error", "-y", "-i", spoken, "-af", "apad=pad_dur=\(silence)", "-ar", "16000", "-ac", "1", out])
        return try Data(contentsOf: URL(fileURLWithPath: out))
    }

    /// A video of `seconds` whose picture changes scene every `sceneSeconds` and whose sound is `audio`.
    static func video(audio: Data, seconds: Double, sceneSeconds: Double) throws -> Data {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sound = directory.appendingPathComponent("sound.wav")
        try audio.write(to: sound)
        let out = directory.appendingPathComponent("clip.mp4").path
        let colours = ["red", "blue", "green", "yellow", "white", "purple"]
        let scenes = Int((seconds / sceneSeconds).rounded(.up))
        var inputs: [String] = []
        for index in 0..<scenes {
            inputs += ["-f", "lavfi", "-t", String(sceneSeconds), "-i", "color=\(colours[index % colours.count]):s=160x120:r=10"]
        }
        let concat = (0..<scenes).map { "[\($0):v]" }.joined() + "concat=n=\(scenes):v=1:a=0[v]"
        _ = try MediaInspector.run("ffmpeg", ["-v", "error", "-y"] + inputs + [
            "-i", sound.path, "-filter_complex", concat, "-map", "[v]", "-map", "\(scenes):a", "-t", String(seconds),
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", out,
        ])
        return try Data(contentsOf: URL(fileURLWithPath: out))
    }

    /// The cues of a WebVTT or SubRip file.
    static func cues(_ text: String) throws -> [(start: Double, end: Double, lines: [String])] {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        return try blocks.compactMap { block -> (Double, Double, [String])? in
            let lines = block.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard let timing = lines.firstIndex(where: { $0.contains(" --> ") }) else { return nil }
            let parts = lines[timing].components(separatedBy: " --> ")
            return (try seconds(parts[0]), try seconds(parts[1]), Array(lines[(timing + 1)...]))
        }
    }

    static func seconds(_ stamp: String) throws -> Double {
        let fields = stamp.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".").split(separator: ":")
        guard fields.count == 3, let h = Double(fields[0]), let m = Double(fields[1]), let s = Double(fields[2]) else {
            throw TestFailure("not a timestamp: \(stamp)")
        }
        return h * 3600 + m * 60 + s
    }

    /// The caption rules: cues in order, 1–7 s, at most two lines of at most 42 characters,
    /// inside the media's duration.
    static func checkCaptions(_ text: String, duration: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let cues = try cues(text)
        #expect(!cues.isEmpty, sourceLocation: sourceLocation)
        var previousEnd = 0.0
        for cue in cues {
            #expect(cue.start >= previousEnd - 0.0005, "in order: \(cue)", sourceLocation: sourceLocation)
            #expect(cue.end - cue.start >= 0.999 && cue.end - cue.start <= 7.0005, "1–7 s: \(cue)", sourceLocation: sourceLocation)
            #expect((1...2).contains(cue.lines.count) && cue.lines.allSatisfy { $0.count <= 42 }, "lines: \(cue.lines)", sourceLocation: sourceLocation)
            #expect(cue.end <= duration + 0.0005, "within the duration \(duration): \(cue)", sourceLocation: sourceLocation)
            previousEnd = cue.end
        }
    }
}
