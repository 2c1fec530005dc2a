/// One test of a `conditions` step against the probed input: `{prop, operator, value}`.
public struct Condition: Sendable, Equatable {
    /// What a prop holds, which decides the operators and values it takes.
    public enum PropType: String, Sendable {
        case string, number, boolean
    }

    public static let props: [(name: String, type: PropType)] = [
        ("kind", .string), ("format", .string), ("width", .number), ("height", .number), ("duration", .number),
        ("filesize", .number), ("bitrate", .number), ("framerate", .number), ("codecs.video.name", .string),
        ("codecs.audio.name", .string), ("has_audio", .boolean), ("has_video", .boolean),
    ]
    public static let operators = ["==", "!=", "<", "<=", ">", ">=", "in", "exists"]
    public static let maximumInValues = 100

    public var prop: String
    public var op: String
    public var value: JSONValue

    public init(prop: String, op: String, value: JSONValue) {
        self.prop = prop
        self.op = op
        self.value = value
    }

    public var json: JSONValue {
        .object(JSONObject([JSONField("prop", .string(prop)), JSONField("operator", .string(op)), JSONField("value", value)]))
    }

    /// Validates one condition as a client sent it; `path` names it in messages (`conditions[0]`).
    public static func parse(_ json: JSONValue, path: String) throws(APIError) -> Condition {
        guard let object = json.objectValue else { throw .invalidRequest("\(path) must be an object {prop, operator, value}, not \(json.typeName)") }
        for key in object.keys where !["prop", "operator", "value"].contains(key) {
            throw .invalidRequest("\(path) has an unknown field '\(key)'; a condition has prop, operator and value")
        }
        guard let prop = object["prop"]?.stringValue else { throw .invalidRequest("\(path).prop must be a string: one of \(props.map(\.name).joined(separator: ", "))") }
        guard let type = props.first(where: { $0.name == prop })?.type else {
            throw .invalidRequest("\(path).prop '\(prop)' is not known; use one of \(props.map(\.name).joined(separator: ", "))")
        }
        guard let op = object["operator"]?.stringValue else { throw .invalidRequest("\(path).operator must be a string: one of \(operators.joined(separator: " "))") }
        guard operators.contains(op) else { throw .invalidRequest("\(path).operator '\(op)' is not known; use one of \(operators.joined(separator: " "))") }
        let value = object["value"] ?? .null
        switch op {
        case "exists":
            guard case .bool = value else { throw .invalidRequest("\(path).value must be true or false for exists") }
        case "in":
            guard let items = value.arrayValue, !items.isEmpty, items.count <= maximumInValues else {
                throw .invalidRequest("\(path).value must be an array of 1 to \(maximumInValues) \(type.rawValue)s for in")
            }
            for (index, item) in items.enumerated() where !matches(item, type) {
                throw .invalidRequest("\(path).value[\(index)] must be a \(type.rawValue): \(prop) is a \(type.rawValue), not \(item.typeName)")
            }
        case "<", "<=", ">", ">=":
            guard type == .number else { throw .invalidRequest("\(path).operator \(op) compares numbers; \(prop) is a \(type.rawValue)") }
            guard matches(value, type) else { throw .invalidRequest("\(path).value must be a number: \(prop) is a number, not \(value.typeName)") }
        default:
            guard matches(value, type) else {
                throw .invalidRequest("\(path).value must be a \(type.rawValue): \(prop) is a \(type.rawValue), not \(value.typeName)")
            }
        }
        return Condition(prop: prop, op: op, value: value)
    }

    private static func matches(_ value: JSONValue, _ type: PropType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.boolean, .bool): return true
        case (.number, _): return value.doubleValue != nil && value.stringValue == nil
        default: return false
        }
    }

    /// What the prop is in a file object (a probe's output); nil when the file has none.
    static func read(_ prop: String, in file: JSONValue) -> JSONValue? {
        let found: JSONValue?
        switch prop {
        case "has_audio": return .bool(!(file["codecs"]?["audio"]?.isNull ?? true))
        case "has_video": return .bool(!(file["codecs"]?["video"]?.isNull ?? true))
        case "codecs.video.name": found = file["codecs"]?["video"]?["name"]
        case "codecs.audio.name": found = file["codecs"]?["audio"]?["name"]
        default: found = file[prop]
        }
        guard let found, !found.isNull else { return nil }
        return found
    }

    /// Whether the condition holds for `file`. A prop the file lacks holds only for `!=` and `exists: false`.
    public func holds(for file: JSONValue) -> Bool {
        let actual = Self.read(prop, in: file)
        switch op {
        case "exists": return (actual != nil) == (value == .bool(true))
        case "==": return actual.map { Self.equal($0, value) } ?? false
        case "!=": return actual.map { !Self.equal($0, value) } ?? true
        case "in": return actual.map { actual in value.arrayValue?.contains { Self.equal(actual, $0) } ?? false } ?? false
        default:
            guard let a = actual?.doubleValue, let b = value.doubleValue else { return false }
            switch op {
            case "<": return a < b
            case "<=": return a <= b
            case ">": return a > b
            default: return a >= b
            }
        }
    }

    private static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue, a.stringValue == nil, b.stringValue == nil { return x == y }
        return a == b
    }
}

/// A workflow's gate: holds when every one of its conditions holds for the probed input. The
/// steps after it (`next`) run only then; otherwise they end `cancelled` with `condition_not_met`.
public enum ConditionsStep: StepDefinition {
    public static let kind = StepKind.conditions
    public static let inputRole = StepInputRole.file
    public static let reportsProgress = false
    public static let isJobKind = false
    public static let optionSpecs: [OptionSpec] = []
    public static let maximumConditions = 20

    public static func options(from json: JSONObject) throws(APIError) -> ConditionsOptions {
        for name in json.keys where name != "conditions" {
            throw .invalidOption("unknown option '\(name)' for conditions; its only option is conditions")
        }
        guard let items = json["conditions"]?.arrayValue, !items.isEmpty, items.count <= maximumConditions else {
            throw .invalidRequest("conditions must be an array of 1 to \(maximumConditions) conditions {prop, operator, value}")
        }
        var conditions: [Condition] = []
        for (index, item) in items.enumerated() { conditions.append(try Condition.parse(item, path: "conditions[\(index)]")) }
        return ConditionsOptions(conditions: conditions)
    }
}

public struct ConditionsOptions: StepOptionsValue {
    public var conditions: [Condition]

    public init(conditions: [Condition]) { self.conditions = conditions }

    public var canonical: JSONObject { JSONObject([JSONField("conditions", .array(conditions.map(\.json)))]) }

    public func holds(for file: JSONValue) -> Bool { conditions.allSatisfy { $0.holds(for: file) } }
}
