import ArgumentParser
import KilnCore

/// One flag per option of `create-job.txt`; only the flags given become options, checked by the
/// same `KilnCore` rules as the API.
struct ProcessingOptions: ParsableArguments {
    @Option(help: "Output format (video: mp4, webm, mov; audio: mp3, aac, ogg, opus, wav, flac; image: jpeg, png, webp, avif; animation: gif, webp; adaptive: hls).")
    var format: String?
    @Option(help: "Video codec: h264, h265, vp9, av1.") var codec: String?
    @Option(help: "very_low, low, medium, high, very_high.") var quality: String?
    @Option(help: "Width in pixels, or a percentage like 50%.") var width: String?
    @Option(help: "Height in pixels, or a percentage like 50%.") var height: String?
    @Option(help: "contain, cover or fill (when both sizes are given).") var fit: String?
    @Option(help: "center, top, bottom, left, right, top_left, top_right, bottom_left, bottom_right.") var position: String?
    @Option(help: "Padding colour with --fit contain, e.g. '#000000'.") var background: String?
    @Option(help: "Frames per second, 1–60.") var fps: Double?
    @Option(help: "Bits per second.") var bitrate: Int?
    @Option(help: "Start time in seconds (for images: the frame time).") var start: Double?
    @Option(help: "End time in seconds.") var end: Double?
    @Option(help: "Seconds between frames (image): a thumbnail track of a video, thumb-000.jpg… with index.json; nsfw: between the frames it classifies.") var interval: Double?
    @Flag(help: "With --interval: one sprite sheet and a WebVTT track of its frames (image).") var sprite = false
    @Flag(help: "Drop the audio track (video).") var mute = false

    /// The options object, as the API would receive it.
    var json: JSONObject {
        var object = JSONObject()
        if let format { object["format"] = .string(format) }
        if let codec { object["codec"] = .string(codec) }
        if let quality { object["quality"] = .string(quality) }
        if let width { object["width"] = Self.dimension(width) }
        if let height { object["height"] = Self.dimension(height) }
        if let fit { object["fit"] = .string(fit) }
        if let position { object["position"] = .string(position) }
        if let background { object["background"] = .string(background) }
        if let fps { object["fps"] = .double(fps) }
        if let bitrate { object["bitrate"] = .int(Int64(bitrate)) }
        if let start { object["start"] = .double(start) }
        if let end { object["end"] = .double(end) }
        if let interval { object["interval"] = .double(interval) }
        if sprite { object["sprite"] = .bool(true) }
        if mute { object["mute"] = .bool(true) }
        return object
    }

    private static func dimension(_ text: String) -> JSONValue {
        if let pixels = Int64(text) { return .int(pixels) }
        return .string(text)
    }
}

/// Where a command sends its work: a server (`--server`, `KILN_API_URL`) or this process.
struct ServerOptions: ParsableArguments {
    @Option(help: "A Kiln server to run on (env KILN_API_URL); without one, work runs here.")
    var server: String?
    @Option(name: .customLong("api-key"), help: "The server's API key (env KILN_API_KEY).")
    var apiKey: String?

    func client(required: Bool) throws -> APIClient? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = server ?? environment["KILN_API_URL"], !url.isEmpty else {
            if required { throw ValidationError("no server: pass --server URL or set KILN_API_URL") }
            return nil
        }
        return APIClient(baseURL: url, apiKey: apiKey ?? environment["KILN_API_KEY"])
    }
}

import Foundation
