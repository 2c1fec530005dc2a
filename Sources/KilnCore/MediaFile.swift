/// What probing a file found: the File object of the API (`object: "file"`), plus what the
/// encoder needs to know that the API does not show.
public struct MediaFile: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case video, audio, image
        /// A result of the analysis kinds: a transcript, captions, chapters (`format` json, vtt, srt).
        case text
    }

    public struct VideoCodec: Sendable, Equatable {
        public var name: String
        public var profile: String?
        public var level: String?
        public var pixelFormat: String?

        public init(name: String, profile: String? = nil, level: String? = nil, pixelFormat: String? = nil) {
            self.name = name
            self.profile = profile
            self.level = level
            self.pixelFormat = pixelFormat
        }

        /// Whether the pixel format carries transparency.
        public var hasAlpha: Bool {
            guard let f = pixelFormat else { return false }
            return f.contains("a") && (f.hasPrefix("yuva") || f.hasPrefix("rgba") || f.hasPrefix("bgra")
                || f.hasPrefix("argb") || f.hasPrefix("abgr") || f.hasPrefix("ya") || f == "pal8" || f.hasPrefix("gbrap"))
        }
    }

    public struct AudioCodec: Sendable, Equatable {
        public var name: String
        public var sampleRate: Int?
        public var channels: Int?
        public var bitrate: Int?

        public init(name: String, sampleRate: Int? = nil, channels: Int? = nil, bitrate: Int? = nil) {
            self.name = name
            self.sampleRate = sampleRate
            self.channels = channels
            self.bitrate = bitrate
        }
    }

    public var kind: Kind
    public var url: String?
    public var filename: String?
    public var filesize: Int64?
    public var mimetype: String?
    public var format: String?
    /// Display size: after the input's rotation is applied.
    public var width: Int?
    public var height: Int?
    public var duration: Double?
    public var bitrate: Int?
    public var framerate: Double?
    public var video: VideoCodec?
    public var audio: AudioCodec?
    /// Degrees clockwise the stored picture is turned for display (0, 90, 180, 270).
    public var rotation: Int
    /// A JSON result itself, inline so a client needs no second request (under `inlineDataLimit`).
    public var data: JSONValue?

    /// The largest JSON result carried inline in `data`: 64 KiB serialized.
    public static let inlineDataLimit = 64 * 1024

    public init(
        kind: Kind, url: String? = nil, filename: String? = nil, filesize: Int64? = nil, mimetype: String? = nil,
        format: String? = nil, width: Int? = nil, height: Int? = nil, duration: Double? = nil, bitrate: Int? = nil,
        framerate: Double? = nil, video: VideoCodec? = nil, audio: AudioCodec? = nil, rotation: Int = 0
    ) {
        self.kind = kind
        self.url = url
        self.filename = filename
        self.filesize = filesize
        self.mimetype = mimetype
        self.format = format
        self.width = width
        self.height = height
        self.duration = duration
        self.bitrate = bitrate
        self.framerate = framerate
        self.video = video
        self.audio = audio
        self.rotation = rotation
    }

    public var hasVideo: Bool { video != nil }
    public var hasAudio: Bool { audio != nil }

    public var json: JSONValue {
        let codecs: JSONValue = .object(JSONObject([
            JSONField("video", video.map { v in
                .object(JSONObject([JSONField("name", .string(v.name)), JSONField("profile", .optional(v.profile)), JSONField("level", .optional(v.level))]))
            } ?? .null),
            JSONField("audio", audio.map { a in
                .object(JSONObject([
                    JSONField("name", .string(a.name)), JSONField("sample_rate", .optional(a.sampleRate)),
                    JSONField("channels", .optional(a.channels)), JSONField("bitrate", .optional(a.bitrate)),
                ]))
            } ?? .null),
        ]))
        var fields = [
            JSONField("object", "file"),
            JSONField("kind", .string(kind.rawValue)),
            JSONField("url", .optional(url)),
            JSONField("filename", .optional(filename)),
            JSONField("filesize", .optional(filesize)),
            JSONField("mimetype", .optional(mimetype)),
            JSONField("format", .optional(format)),
            JSONField("width", .optional(width)),
            JSONField("height", .optional(height)),
            JSONField("duration", .optional(duration.map { ($0 * 1000).rounded() / 1000 })),
            JSONField("bitrate", .optional(bitrate)),
            JSONField("framerate", .optional(framerate.map { ($0 * 1000).rounded() / 1000 })),
            JSONField("codecs", codecs),
        ]
        if let data { fields.append(JSONField("data", data)) }
        return .object(JSONObject(fields))
    }
}
