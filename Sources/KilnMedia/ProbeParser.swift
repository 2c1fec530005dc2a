import Foundation
import KilnCore

/// `ffprobe -show_format -show_streams -of json` output → `MediaFile`. Pure, so every input
/// shape is testable without ffprobe.
public enum ProbeParser {
    public static let imageFormats: Set<String> = [
        "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe", "gif_pipe", "image2", "png", "jpeg",
        "webp", "avif", "qoi_pipe", "pam_pipe", "ppm_pipe", "svg_pipe", "j2k_pipe", "dpx_pipe", "exr_pipe",
    ]
    static let stillCodecs: Set<String> = ["png", "mjpeg", "webp", "bmp", "tiff", "gif", "av1", "qoi", "jpeg2000", "ppm", "pam"]

    /// nil when the file has no usable audio or video stream.
    public static func parse(_ json: JSONValue, filename: String?, filesize: Int64?) -> MediaFile? {
        let format = json["format"]
        let formatName = format?["format_name"]?.stringValue ?? ""
        guard case .array(let streams)? = json["streams"] else { return nil }

        let videoStream = streams.first { stream in
            stream["codec_type"] == "video" && stream["disposition"]?["attached_pic"]?.int64Value != 1
                && (int(stream["width"]) ?? 0) > 0
        }
        let audioStream = streams.first { $0["codec_type"] == "audio" && (int($0["channels"]) ?? 0) > 0 }
        guard videoStream != nil || audioStream != nil else { return nil }

        let duration = double(format?["duration"]) ?? videoStream.flatMap { double($0["duration"]) }
            ?? audioStream.flatMap { double($0["duration"]) }
        let frames = videoStream.flatMap { int($0["nb_frames"]) }

        var kind: MediaFile.Kind = videoStream != nil ? .video : .audio
        if let v = videoStream {
            let codec = v["codec_name"]?.stringValue ?? ""
            let singleFrame = frames.map { $0 <= 1 } ?? (duration == nil || duration == 0)
            if imageFormats.contains(formatName) || (stillCodecs.contains(codec) && singleFrame && audioStream == nil) {
                kind = (codec == "gif" || codec == "webp") && (frames ?? 1) > 1 ? .video : .image
            }
            if formatName.contains("mp4"), codec == "av1", singleFrame, audioStream == nil { kind = .image }
        }

        var rotation = 0
        if let v = videoStream {
            if case .array(let sideData)? = v["side_data_list"] {
                for entry in sideData {
                    if let r = double(entry["rotation"]), let whole = Int(exactly: r.rounded()) { rotation = whole }
                }
            }
            if rotation == 0, let tag = v["tags"]?["rotate"]?.stringValue, let r = Int(tag) { rotation = -r }
        }
        // ffprobe reports the display matrix counter-clockwise; normalise to clockwise 0–359.
        rotation = ((-rotation % 360) + 360) % 360

        var width = videoStream.flatMap { int($0["width"]) }
        var height = videoStream.flatMap { int($0["height"]) }
        if rotation == 90 || rotation == 270 { swap(&width, &height) }

        let shortFormat = Self.shortFormat(formatName: formatName, filename: filename, kind: kind, videoCodec: videoStream?["codec_name"]?.stringValue, audioCodec: audioStream?["codec_name"]?.stringValue, brand: format?["tags"]?["major_brand"]?.stringValue)

        return MediaFile(
            kind: kind,
            filename: filename,
            filesize: filesize ?? format.flatMap { int64($0["size"]) },
            mimetype: mimetype(shortFormat, kind: kind),
            format: shortFormat,
            width: width,
            height: height,
            duration: kind == .image ? nil : duration,
            bitrate: kind == .image ? nil : format.flatMap { int($0["bit_rate"]) },
            framerate: kind == .video ? videoStream.flatMap { rate($0["avg_frame_rate"]) ?? rate($0["r_frame_rate"]) } : nil,
            video: videoStream.map { v in
                MediaFile.VideoCodec(
                    name: v["codec_name"]?.stringValue ?? "unknown",
                    profile: v["profile"]?.stringValue.map { $0.lowercased() },
                    level: level(v),
                    pixelFormat: v["pix_fmt"]?.stringValue
                )
            },
            audio: audioStream.map { a in
                MediaFile.AudioCodec(
                    name: a["codec_name"]?.stringValue ?? "unknown",
                    sampleRate: int(a["sample_rate"]),
                    channels: int(a["channels"]),
                    bitrate: int(a["bit_rate"])
                )
            },
            rotation: rotation
        )
    }

    static func shortFormat(formatName: String, filename: String?, kind: MediaFile.Kind, videoCodec: String?, audioCodec: String?, brand: String?) -> String {
        let ext = filename.flatMap { name -> String? in
            guard let dot = name.lastIndex(of: ".") else { return nil }
            return String(name[name.index(after: dot)...]).lowercased()
        }
        switch formatName {
        case let f where f.hasPrefix("mov,mp4"):
            if let brand = brand?.trimmingCharacters(in: .whitespaces).lowercased() {
                if brand == "qt" { return "mov" }
                if brand.hasPrefix("avi") { return "avif" }
                if brand == "m4a" || brand == "m4a " { return "m4a" }
            }
            if let ext, ["mov", "m4a", "avif", "3gp"].contains(ext) { return ext }
            return kind == .audio ? "m4a" : "mp4"
        case let f where f.hasPrefix("matroska"):
            let webmCodecs: Set<String> = ["vp8", "vp9", "av1", "opus", "vorbis"]
            let codecs = [videoCodec, audioCodec].compactMap { $0 }
            return codecs.allSatisfy(webmCodecs.contains) ? "webm" : "mkv"
        case "png_pipe": return "png"
        case "jpeg_pipe": return "jpeg"
        case "webp_pipe": return "webp"
        case "gif_pipe": return "gif"
        case "bmp_pipe": return "bmp"
        case "tiff_pipe": return "tiff"
        case "image2": return ext ?? "image"
        case "mp3": return "mp3"
        case "aac": return "aac"
        case "ogg": return audioCodec == "opus" ? "opus" : "ogg"
        case "wav": return "wav"
        case "flac": return "flac"
        case "hls": return "hls"
        case "mpegts": return "ts"
        default: return formatName.split(separator: ",").first.map(String.init) ?? "unknown"
        }
    }

    public static func mimetype(_ format: String, kind: MediaFile.Kind) -> String {
        switch format {
        case "mp4": return "video/mp4"
        case "m4a": return "audio/mp4"
        case "mov": return "video/quicktime"
        case "webm": return kind == .audio ? "audio/webm" : "video/webm"
        case "mkv": return "video/x-matroska"
        case "mp3": return "audio/mpeg"
        case "aac": return "audio/aac"
        case "ogg": return "audio/ogg"
        case "opus": return "audio/ogg"
        case "wav": return "audio/wav"
        case "flac": return "audio/flac"
        case "png": return "image/png"
        case "jpeg", "jpg": return "image/jpeg"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "gif": return "image/gif"
        case "bmp": return "image/bmp"
        case "tiff": return "image/tiff"
        case "hls", "m3u8": return "application/vnd.apple.mpegurl"
        case "ts": return "video/mp2t"
        default: return "application/octet-stream"
        }
    }

    static func level(_ stream: JSONValue) -> String? {
        guard let level = int(stream["level"]), level > 0 else { return nil }
        switch stream["codec_name"]?.stringValue {
        case "h264": return level % 10 == 0 ? "\(level / 10).0" : "\(level / 10).\(level % 10)"
        case "hevc": return String(format3(Double(level) / 30))
        default: return String(level)
        }
    }

    private static func format3(_ d: Double) -> String {
        let r = (d * 10).rounded() / 10
        return r.rounded() == r ? "\(Int(r)).0" : "\(r)"
    }

    /// A whole number ffprobe printed; nil for one no Int holds (NaN, inf, 1e300 from a crafted
    /// file), which a plain `Int(_:)` would trap on.
    static func int(_ v: JSONValue?) -> Int? {
        switch v {
        case .int(let i)?: return Int(i)
        case .double(let d)?: return Int(exactly: d.rounded(.towardZero))
        case .number?: return v?.int64Value.map { Int($0) }
        case .string(let s)?: return Int(s) ?? Double(s).flatMap { Int(exactly: $0.rounded(.towardZero)) }
        default: return nil
        }
    }

    static func int64(_ v: JSONValue?) -> Int64? { int(v).map(Int64.init) }

    static func double(_ v: JSONValue?) -> Double? {
        switch v {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case .number?: return v?.doubleValue
        case .string(let s)?: return Double(s)
        default: return nil
        }
    }

    static func rate(_ v: JSONValue?) -> Double? {
        guard let s = v?.stringValue else { return nil }
        let parts = s.split(separator: "/")
        guard parts.count == 2, let n = Double(parts[0]), let d = Double(parts[1]), d > 0, n > 0 else { return nil }
        return n / d
    }
}
