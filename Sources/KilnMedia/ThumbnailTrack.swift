import Foundation
import KilnCore

/// A thumbnail track of a video (the image kind's `interval`): a frame every `interval` seconds
/// over the video (or `start`–`end`), all from one decode. Either the frames in a folder with an
/// `index.json` of their times, or one sprite sheet with a WebVTT track of `#xywh=` cues — what
/// video players read for scrubbing previews. Pure: every name, time and cell is known before
/// ffmpeg runs; `write(files:)` only checks which frames ffmpeg made.
public struct ThumbnailTrack: Sendable, Equatable {
    public struct Frame: Sendable, Equatable {
        public var name: String
        /// Seconds into the video.
        public var time: Double
    }

    /// Columns and rows of a sprite sheet.
    public struct Grid: Sendable, Equatable {
        public var columns: Int
        public var rows: Int

        public init(columns: Int, rows: Int) {
            self.columns = columns
            self.rows = rows
        }
    }

    /// The folder holding the track, absolute.
    public var directory: String
    public var frames: [Frame]
    public var interval: Double
    /// Where the last frame's span ends: `end`, or the video's duration.
    public var stop: Double
    /// Each frame's size.
    public var frame: Layout.Size
    /// The sprite sheet's file name and grid; nil for frames in a folder.
    public var spriteName: String?
    public var spriteGrid: Grid?

    /// The file the job's output points at: `index.json`, or the WebVTT track.
    public var primaryName: String { spriteName == nil ? "index.json" : "thumbnails.vtt" }

    /// Sprite sheets have at most this many columns.
    static let spriteColumns = 10

    init(directory: String, start: Double, stop: Double, interval: Double, frame: Layout.Size, fileExtension: String, sprite: Bool) {
        self.directory = directory
        self.interval = interval
        self.stop = stop
        self.frame = frame
        let count = Self.frameCount(span: stop - start, interval: interval)
        frames = (0..<count).map { Frame(name: String(format: "thumb-%03d.%@", $0, fileExtension), time: Self.millis(start + Double($0) * interval)) }
        if sprite {
            let columns = min(count, Self.spriteColumns)
            spriteName = "sprite.\(fileExtension)"
            spriteGrid = Grid(columns: columns, rows: (count + columns - 1) / columns)
        }
    }

    /// Frames at start, start + interval, … before the stop (at least one).
    static func frameCount(span: Double, interval: Double) -> Int {
        // A thousandth of a frame's room for rounding: 10 s at 2.5 s is 4 frames, not 5.
        max(1, Int((span / interval - 0.001).rounded(.up)))
    }

    static func millis(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    /// The sprite sheet's size.
    public var spriteSize: Layout.Size? {
        spriteGrid.map { Layout.Size($0.columns * frame.width, $0.rows * frame.height) }
    }

    /// `index.json`: the frames that exist, with their times.
    public func index(existing: Set<String>) -> String {
        let listed = frames.filter { existing.contains($0.name) }
        let json: JSONValue = .object(JSONObject([
            JSONField("interval", .double(interval)),
            JSONField("width", .int(Int64(frame.width))),
            JSONField("height", .int(Int64(frame.height))),
            JSONField("frames", .array(listed.map { .object(JSONObject([JSONField("file", .string($0.name)), JSONField("time", .double($0.time))])) })),
        ]))
        return json.serialized() + "\n"
    }

    /// The WebVTT track: one cue per frame, pointing at its cell of the sprite sheet.
    public var webVTT: String {
        guard let spriteName, let grid = spriteGrid else { return "WEBVTT\n" }
        var text = "WEBVTT\n"
        for (index, frame) in frames.enumerated() {
            let end = index + 1 < frames.count ? frames[index + 1].time : max(stop, frame.time + 0.001)
            let x = index % grid.columns * self.frame.width, y = index / grid.columns * self.frame.height
            text += "\n\(Self.timestamp(frame.time)) --> \(Self.timestamp(end))\n\(spriteName)#xywh=\(x),\(y),\(self.frame.width),\(self.frame.height)\n"
        }
        return text
    }

    /// `hh:mm:ss.ttt`.
    static func timestamp(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000)
    }

    /// Nothing was decoded from the start on: it is past the video's last frame (a duration
    /// runs a frame beyond it), or the stream is damaged there.
    private var noFrame: MediaError {
        .encodeFailed("the video has no frame to decode from start (\(String(format: "%.3f", frames.first?.time ?? 0)) s) on; give an earlier start")
    }

    /// Writes the track's index or WebVTT file after ffmpeg made the pictures.
    func writeFiles() throws(MediaError) {
        let contents: String
        if let spriteName {
            guard FileManager.default.fileExists(atPath: directory + "/" + spriteName) else { throw noFrame }
            contents = webVTT
        } else {
            let existing = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            guard frames.contains(where: { existing.contains($0.name) }) else { throw noFrame }
            contents = index(existing: existing)
        }
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: directory + "/" + primaryName))
        } catch {
            throw .encodeFailed("could not write \(primaryName)")
        }
    }

    /// The task's output file object: the index or track, with the frames' size.
    public func mediaFile(filesize: Int64?) -> MediaFile {
        let ext = (primaryName as NSString).pathExtension
        return MediaFile(
            kind: .image, filename: primaryName, filesize: filesize, mimetype: MediaTypes.forExtension(ext), format: ext,
            width: frame.width, height: frame.height
        )
    }
}
