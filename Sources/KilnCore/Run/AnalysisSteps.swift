/// The kinds that analyse what is said and shown rather than encode it: `speech`, `subtitles`,
/// `chapters`, `summary` and `outline` (the List Tasks page's). Each reads a file object (or, in
/// a job, the imported input) and writes a text file: JSON, WebVTT or SubRip. Their runnable
/// halves and engines are in KilnPipeline and KilnIntelligence.
public protocol AnalysisStepDefinition: StepDefinition where Options == AnalysisOptions {
    /// The formats the result may have; the first is the default.
    static var formats: [String] { get }
    /// Whether the kind takes `start`/`end` (the part of the media to read).
    static var takesTrim: Bool { get }
    /// Whether the kind takes `min_duration` (the shortest chapter).
    static var takesMinimumDuration: Bool { get }
}

extension AnalysisStepDefinition {
    public static var inputRole: StepInputRole { .file }
    public static var reportsProgress: Bool { true }
    /// A Kiln extension of the jobs API: probe → import → the kind → export.
    public static var isJobKind: Bool { true }
    public static var takesTrim: Bool { true }
    public static var takesMinimumDuration: Bool { false }

    public static var optionSpecs: [OptionSpec] {
        var specs: [OptionSpec] = []
        specs.append(OptionSpec("format", .choice(formats), default: .string(formats[0]), help: "the result's file format"))
        specs.append(OptionSpec(
            "language", .choice(SpeechLanguage.codes),
            help: "the language spoken, as an ISO 639-1 code; left out, it is detected (English with an English-only model)"
        ))
        if takesTrim {
            specs.append(OptionSpec.start)
            specs.append(OptionSpec.end(required: false))
        }
        if takesMinimumDuration {
            specs.append(OptionSpec(
                "min_duration", .number(AnalysisOptions.minimumDurationRange), default: .int(Int64(AnalysisOptions.defaultMinimumDuration)),
                help: "the shortest chapter, in seconds"
            ))
        }
        return specs
    }

    public static func options(from json: JSONObject) throws(APIError) -> AnalysisOptions {
        let reader = OptionReader(json, kind: kind)
        try reader.rejectUnknown(allowed: optionNames)
        var options = AnalysisOptions(format: formats[0])
        if let format = try reader.string("format") {
            guard formats.contains(format) else {
                throw .invalidFormat("format '\(format)' is not supported for \(kind.rawValue); use one of: \(formats.joined(separator: ", "))")
            }
            options.format = format
        }
        options.language = try reader.choice("language", SpeechLanguage.self)?.rawValue
        if takesTrim { options.trim = try reader.trim() }
        if takesMinimumDuration {
            options.minimumDuration = try reader.number("min_duration", in: AnalysisOptions.minimumDurationRange, unit: " seconds")
                ?? AnalysisOptions.defaultMinimumDuration
        }
        return options
    }
}

/// The options of an analysis kind; each kind reads the ones it has.
public struct AnalysisOptions: StepOptionsValue {
    public var format: String
    /// An ISO 639-1 code; nil detects the language.
    public var language: String?
    public var trim = Trim()
    /// The shortest chapter, in seconds (`chapters` and `outline`).
    public var minimumDuration: Double?

    public static let minimumDurationRange: ClosedRange<Double> = 1...3600
    public static let defaultMinimumDuration: Double = 30

    public init(format: String, language: String? = nil, trim: Trim = Trim(), minimumDuration: Double? = nil) {
        self.format = format
        self.language = language
        self.trim = trim
        self.minimumDuration = minimumDuration
    }

    public var canonical: JSONObject {
        var writer = CanonicalWriter()
        writer.add("format", .string(format))
        writer.add("language", language.map { .string($0) })
        writer.trim(trim)
        writer.number("min_duration", minimumDuration)
        return JSONObject(writer.fields)
    }
}

/// Transcribes the audio: `{language, duration, text, segments: [{start, end, text, words}]}`.
public enum SpeechStep: AnalysisStepDefinition {
    public static let kind = StepKind.speech
    public static let formats = ["json"]
}

/// Captions from the speech, as WebVTT or SubRip.
public enum SubtitlesStep: AnalysisStepDefinition {
    public static let kind = StepKind.subtitles
    public static let formats = ["vtt", "srt"]
}

/// The chapters of the whole media, from scene changes, long silences and shifts of topic.
public enum ChaptersStep: AnalysisStepDefinition {
    public static let kind = StepKind.chapters
    public static let formats = ["json", "vtt"]
    public static let takesTrim = false
    public static let takesMinimumDuration = true
}

/// A few sentences of what was said, each one said in it: `{text}`.
public enum SummaryStep: AnalysisStepDefinition {
    public static let kind = StepKind.summary
    public static let formats = ["json"]
    public static let takesTrim = false
}

/// The chapters with their main points: `{sections: [{title, start, end, points}]}`.
public enum OutlineStep: AnalysisStepDefinition {
    public static let kind = StepKind.outline
    public static let formats = ["json"]
    public static let takesTrim = false
    public static let takesMinimumDuration = true
}

/// The languages Whisper transcribes, by ISO 639-1 code (and `haw`, `yue`).
public enum SpeechLanguage: String, Sendable, CaseIterable {
    case en, zh, de, es, ru, ko, fr, ja, pt, tr, pl, ca, nl, ar, sv, it, id, hi, fi, vi, he, uk, el, ms, cs, ro, da, hu, ta, no
    case th, ur, hr, bg, lt, la, mi, ml, cy, sk, te, fa, lv, bn, sr, az, sl, kn, et, mk, br, eu, `is`, hy, ne, mn, bs, kk, sq
    case sw, gl, mr, pa, si, km, sn, yo, so, af, oc, ka, be, tg, sd, gu, am, yi, lo, uz, fo, ht, ps, tk, nn, mt, sa, lb, my
    case bo, tl, mg, `as`, tt, haw, ln, ha, ba, jw, su, yue

    public static var codes: [String] { allCases.map(\.rawValue) }
}
