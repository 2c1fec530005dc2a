/// Reads one kind's `options` object, one rule per option: each accessor checks the JSON type
/// (`invalid_request`) and the value (`invalid_option`), naming the option and what is allowed.
struct OptionReader {
    let options: JSONObject
    /// The kind's name, for messages.
    let kindName: String

    init(_ options: JSONObject, kind: JobKind) {
        self.options = options
        kindName = kind.rawValue
    }

    init(_ options: JSONObject, kind: StepKind) {
        self.options = options
        kindName = kind.rawValue
    }

    /// Unknown option names are refused before anything else.
    func rejectUnknown(allowed: [String]) throws(APIError) {
        for key in options.keys where !allowed.contains(key) {
            throw .invalidOption("unknown option '\(key)' for \(kindName); allowed options: \(allowed.joined(separator: ", "))")
        }
    }

    private func value(_ name: String) -> JSONValue? {
        guard let v = options[name], !v.isNull else { return nil }
        return v
    }

    private func wrongType(_ name: String, _ expected: String, _ got: JSONValue) -> APIError {
        .invalidRequest("options.\(name) must be \(expected), not \(got.typeName)")
    }

    func string(_ name: String) throws(APIError) -> String? {
        guard let v = value(name) else { return nil }
        guard let s = v.stringValue else { throw wrongType(name, "a string", v) }
        return s
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(APIError) -> T?
    where T.RawValue == String {
        guard let s = try string(name) else { return nil }
        guard let value = T(rawValue: s) else {
            throw .invalidOption("\(name) '\(s)' is not allowed; use one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func number(_ name: String, in range: ClosedRange<Double>, unit: String = "") throws(APIError) -> Double? {
        guard let v = value(name) else { return nil }
        guard let d = v.doubleValue else { throw wrongType(name, "a number", v) }
        guard range.contains(d) else {
            throw .invalidOption("\(name) must be between \(format(range.lowerBound)) and \(format(range.upperBound))\(unit), got \(format(d))")
        }
        return d
    }

    func nonNegativeSeconds(_ name: String) throws(APIError) -> Double? {
        guard let v = value(name) else { return nil }
        guard let d = v.doubleValue else { throw wrongType(name, "a number of seconds", v) }
        guard d >= 0, d <= OptionSpec.maximumSeconds else {
            throw .invalidOption("\(name) must be a number of seconds from 0 to \(format(OptionSpec.maximumSeconds)), got \(format(d))")
        }
        return d
    }

    func integer(_ name: String, in range: ClosedRange<Int>, unit: String = "") throws(APIError) -> Int? {
        guard let v = value(name) else { return nil }
        guard v.doubleValue != nil else { throw wrongType(name, "an integer", v) }
        guard let i = v.int64Value else { throw .invalidOption("\(name) must be a whole number, got \(v.serialized())") }
        guard i >= Int64(range.lowerBound), i <= Int64(range.upperBound) else {
            throw .invalidOption("\(name) must be between \(range.lowerBound) and \(range.upperBound)\(unit), got \(i)")
        }
        return Int(i)
    }

    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let v = value(name) else { return nil }
        guard case .bool(let b) = v else { throw wrongType(name, "true or false", v) }
        return b
    }

    func dimension(_ name: String) throws(APIError) -> Dimension? {
        guard let v = value(name) else { return nil }
        let px = Dimension.pixelRange, pct = Dimension.percentRange
        let rangeText = "\(px.lowerBound)–\(px.upperBound) pixels or a percentage like \"50%\""
        switch v {
        case .int, .double, .number:
            guard let i = v.int64Value, i >= Int64(px.lowerBound), i <= Int64(px.upperBound) else {
                throw .invalidOption("\(name) must be \(rangeText), got \(v.serialized())")
            }
            return .pixels(Int(i))
        case .string(let s):
            // Only the plain spelling ("50%", "640"): Int() would also take "+50" and "0640".
            if s.hasSuffix("%"), let p = Int(s.dropLast()), pct.contains(p), "\(p)%" == s {
                return .percent(p)
            }
            if let i = Int(s), px.contains(i), String(i) == s { return .pixels(i) }
            throw .invalidOption("\(name) must be \(rangeText) (1%–100%), got \"\(s)\"")
        default:
            throw wrongType(name, "an integer or a percentage string", v)
        }
    }

    func color(_ name: String) throws(APIError) -> RGBColor? {
        guard let s = try string(name) else { return nil }
        guard let c = RGBColor(hex: s) else {
            throw .invalidOption("\(name) must be a hex colour like \"#000000\" or \"#fff\", got \"\(s)\"")
        }
        return c
    }

    func quality() throws(APIError) -> Quality {
        try choice("quality", Quality.self) ?? .medium
    }

    /// width, height, fit, position and background, with `defaultFit` when `fit` is absent.
    func resize(defaultFit: Fit) throws(APIError) -> Resize {
        let width = try dimension("width")
        let height = try dimension("height")
        let fit = try choice("fit", Fit.self)
        let position = try choice("position", Position.self) ?? .center
        let background = try color("background")
        let effectiveFit = fit ?? defaultFit
        if background != nil, effectiveFit != .contain {
            throw .invalidOption("background only applies with fit: contain (fit is \(effectiveFit.rawValue))")
        }
        return Resize(width: width, height: height, fit: effectiveFit, position: position, background: background)
    }

    /// start and end; `end` must come after `start`.
    func trim(endRequired: Bool = false) throws(APIError) -> Trim {
        let start = try nonNegativeSeconds("start")
        let end = try nonNegativeSeconds("end")
        if endRequired, end == nil {
            throw .invalidOption("end is required for \(kindName): the time in seconds where it stops")
        }
        if let end, end <= (start ?? 0) {
            throw .invalidOption("end (\(format(end))) must be after start (\(format(start ?? 0)))")
        }
        return Trim(start: start, end: end)
    }

    private func format(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
