/// Media types of the files Kiln writes, by extension.
public enum MediaTypes {
    public static func forExtension(_ ext: String) -> String? {
        switch ext.lowercased() {
        case "mp4": return "video/mp4"
        case "mov": return "video/quicktime"
        case "webm": return "video/webm"
        case "m3u8": return "application/vnd.apple.mpegurl"
        case "ts": return "video/mp2t"
        case "mp3": return "audio/mpeg"
        case "aac": return "audio/aac"
        case "ogg": return "audio/ogg"
        case "opus": return "audio/ogg; codecs=opus"
        case "wav": return "audio/wav"
        case "flac": return "audio/flac"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "gif": return "image/gif"
        case "json": return "application/json"
        case "vtt": return "text/vtt; charset=utf-8"
        case "srt": return "application/x-subrip; charset=utf-8"
        default: return nil
        }
    }
}
