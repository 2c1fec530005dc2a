import Foundation
import KilnCore

/// The renditions of an `adaptive_video` job and the parts of ffmpeg's command line they make,
/// shared by a whole encode (`PlanBuilder.adaptive`), its chunks and their join (ChunkPlans.swift),
/// so that every rendition is encoded and muxed the same way whichever path runs.
struct AdaptiveLadder {
    struct Rung: Equatable {
        let width: Int
        let height: Int
        let bitrate: Int
    }

    /// The ladder of REFERENCE.md: rungs no taller than the source (and the requested size).
    static let heights: [(height: Int, bitrate: Int)] = [(1080, 5_000_000), (720, 3_000_000), (480, 1_200_000), (360, 800_000)]

    /// Seconds between the keyframes forced in every rendition, counted from the start of the
    /// span encoded: segments are cut at keyframes, so they line up across renditions.
    static let keyframeInterval = 2

    /// The picture of the top rung (the job's resize of the input).
    let top: Layout
    let rungs: [Rung]

    init(_ o: AdaptiveVideoOptions, size: Layout.Size) {
        top = Layout.compute(input: size, resize: o.resize, evenDimensions: true)
        let frame = top.frame
        var chosen = Self.heights.filter { $0.height <= frame.height }
        if chosen.isEmpty { chosen = [(frame.height, Self.heights.last!.bitrate)] }
        let scale = RateControl.ladderScale(o.quality)
        rungs = chosen.map { rung in
            Rung(
                width: max(2, Int((Double(frame.width) * Double(rung.height) / Double(frame.height) / 2).rounded()) * 2),
                height: rung.height, bitrate: Int(Double(rung.bitrate) * scale)
            )
        }
    }

    /// The filter graph from the input's picture to one output `[v<i>]` per rung.
    func graph(background: String) -> String {
        var graph = "[0:v:0]" + (top.filters(background: background) + ["split=\(rungs.count)"]).joined(separator: ",")
        graph += rungs.indices.map { "[s\($0)]" }.joined()
        for (i, rung) in rungs.enumerated() {
            graph += ";[s\(i)]scale=\(rung.width):\(rung.height),setsar=1,format=yuv420p[v\(i)]"
        }
        return graph
    }

    /// One `-map` per rung's picture (`video(i)`), each followed by the audio when there is one.
    func maps(video: (Int) -> String, audio: String?) -> [String] {
        rungs.indices.flatMap { i in ["-map", video(i)] + (audio.map { ["-map", $0] } ?? []) }
    }

    /// H.264 for every rung, with keyframes only where `keyframes` (`-force_key_frames`) puts them.
    func encoderArguments(keyframes: String) -> [String] {
        ["-c:v", "libx264", "-preset", RateControl.x264Preset, "-profile:v", "high", "-sc_threshold", "0", "-force_key_frames", keyframes]
            + rateArguments
    }

    /// Each rung's bitrate. A join that copies the streams passes them too: the HLS muxer writes
    /// the master playlist's `BANDWIDTH` from them, as it does after a whole encode.
    var rateArguments: [String] {
        rungs.enumerated().flatMap { i, rung in
            ["-b:v:\(i)", "\(rung.bitrate)", "-maxrate:v:\(i)", "\(rung.bitrate * 107 / 100)", "-bufsize:v:\(i)", "\(rung.bitrate * 3 / 2)"]
        }
    }

    /// The audio every rendition carries: AAC stereo.
    static func audioArguments(_ quality: Quality) -> [String] {
        ["-c:a", "aac", "-b:a", "\(RateControl.videoAudioBitrate(quality))", "-ac", "2"]
    }

    /// `-force_key_frames` for a span starting `offset` seconds after the job's start: keyframes
    /// on the grid of `keyframeInterval` counted from the job's start, so that chunks encoded
    /// apart have them where a whole encode has them. `tolerance` (under a frame) keeps a frame
    /// on the grid a keyframe despite rounding in `offset`.
    static func keyframes(offset: Double, tolerance: Double) -> String {
        guard offset > 0 else { return "expr:gte(t,n_forced*\(keyframeInterval))" }
        let interval = Double(keyframeInterval)
        let first = ((offset - tolerance) / interval).rounded(.up) * interval - offset - tolerance
        return "expr:gte(t,\(String(format: "%.6f", first))+n_forced*\(keyframeInterval))"
    }

    /// The HLS muxer writing one playlist and its MPEG-TS segments per rung, and the master
    /// playlist, below `directory` (`path` makes it absolute).
    func hlsArguments(directory: String, withAudio: Bool, path: (String) -> String) -> [String] {
        let streamMap = rungs.enumerated().map { i, rung in
            (withAudio ? "v:\(i),a:\(i)" : "v:\(i)") + ",name:\(rung.height)p"
        }.joined(separator: " ")
        return ["-sn", "-dn", "-map_metadata", "-1",
                "-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
                "-hls_segment_type", "mpegts", "-master_pl_name", "master.m3u8",
                "-hls_segment_filename", path("\(directory)/%v/segment_%03d.ts"),
                "-var_stream_map", streamMap, path("\(directory)/%v/index.m3u8")]
    }
}
