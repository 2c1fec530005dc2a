/// The canonical form of each kind's options: every option the kind has, with the value it runs
/// with (defaults filled in, `jpg` read as `jpeg`, sizes as given). Reading it back with the
/// kind's validation gives the same value, which `CanonicalOptionsTests` checks for every kind.
struct CanonicalWriter {
    private(set) var fields: [JSONField] = []

    init() {}

    /// Most kinds start with their format and quality.
    init(format: String, quality: Quality) {
        add("format", .string(format))
        add("quality", .string(quality.rawValue))
    }

    mutating func add(_ name: String, _ value: JSONValue) { fields.append(JSONField(name, value)) }

    mutating func add(_ name: String, _ value: JSONValue?) {
        if let value { fields.append(JSONField(name, value)) }
    }

    mutating func number(_ name: String, _ value: Double?) {
        guard let value else { return }
        add(name, value.rounded() == value && abs(value) < 1e15 ? .int(Int64(value)) : .double(value))
    }

    mutating func resize(_ r: Resize) {
        add("width", r.width.map(Self.dimension))
        add("height", r.height.map(Self.dimension))
        add("fit", .string(r.fit.rawValue))
        add("position", .string(r.position.rawValue))
        add("background", r.background.map { .string($0.hex) })
    }

    mutating func trim(_ t: Trim) {
        number("start", t.start)
        number("end", t.end)
    }

    static func dimension(_ d: Dimension) -> JSONValue {
        switch d {
        case .pixels(let p): return .int(Int64(p))
        case .percent(let p): return .string("\(p)%")
        }
    }

    var object: JSONObject { JSONObject(fields) }
}

extension RGBColor {
    /// `#rrggbb`.
    public var hex: String {
        "#" + [red, green, blue].map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}

extension VideoOptions: EncodeOptionsValue {
    public var jobOptions: JobOptions { .video(self) }
    public var canonical: JSONObject {
        var w = CanonicalWriter()
        w.add("format", .string(format.rawValue))
        w.add("codec", .string(codec.rawValue))
        w.add("quality", .string(quality.rawValue))
        w.resize(resize)
        w.number("fps", fps)
        w.add("bitrate", bitrate.map { .int(Int64($0)) })
        w.trim(trim)
        w.add("mute", .bool(mute))
        return w.object
    }
}

extension AudioOptions: EncodeOptionsValue {
    public var jobOptions: JobOptions { .audio(self) }
    public var canonical: JSONObject {
        var w = CanonicalWriter(format: format.rawValue, quality: quality)
        w.add("bitrate", bitrate.map { .int(Int64($0)) })
        w.trim(trim)
        return w.object
    }
}

extension ImageOptions: EncodeOptionsValue {
    public var jobOptions: JobOptions { .image(self) }
    public var canonical: JSONObject {
        var w = CanonicalWriter(format: format.rawValue, quality: quality)
        w.resize(resize)
        w.number("start", start)
        w.number("end", end)
        w.number("interval", interval)
        if sprite { w.add("sprite", .bool(true)) }
        return w.object
    }
}

extension AnimationOptions: EncodeOptionsValue {
    public var jobOptions: JobOptions { .animation(self) }
    public var canonical: JSONObject {
        var w = CanonicalWriter(format: format.rawValue, quality: quality)
        w.resize(resize)
        w.trim(trim)
        w.number("fps", fps)
        return w.object
    }
}

extension AdaptiveVideoOptions: EncodeOptionsValue {
    public var jobOptions: JobOptions { .adaptiveVideo(self) }
    public var canonical: JSONObject {
        var w = CanonicalWriter(format: format.rawValue, quality: quality)
        w.resize(resize)
        w.trim(trim)
        return w.object
    }
}
