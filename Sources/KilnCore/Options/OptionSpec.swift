/// What one option of a kind allows, described from the same types its validation reads, so a
/// form (the dashboard's) can offer exactly the values the API accepts. `OptionSpecTests` checks
/// every spec against the validation: each value offered is accepted, values outside are not.
public struct OptionSpec: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// One of these names.
        case choice([String])
        /// A number in this range (fractions allowed).
        case number(ClosedRange<Double>)
        /// A whole number in this range.
        case integer(ClosedRange<Int>)
        /// Pixels in `Dimension.pixelRange`, or a percentage in `Dimension.percentRange` (`"50%"`).
        case dimension
        /// Seconds, 0 to `OptionSpec.maximumSeconds`.
        case seconds
        /// `#rgb` or `#rrggbb`.
        case color
        /// `true` or `false`.
        case flag
        /// Free text the validation checks (a URL, an id).
        case text
    }

    /// A choice whose allowed values depend on another option's value (a video's codec on its
    /// format): for each value of `option`, the allowed values, the first being the default.
    public struct Dependency: Sendable, Equatable {
        public let option: String
        public let allowed: [(value: String, allowed: [String])]

        public init(option: String, allowed: [(value: String, allowed: [String])]) {
            self.option = option
            self.allowed = allowed
        }

        public static func == (lhs: Dependency, rhs: Dependency) -> Bool {
            lhs.option == rhs.option && lhs.allowed.map(\.value) == rhs.allowed.map(\.value)
                && lhs.allowed.map(\.allowed) == rhs.allowed.map(\.allowed)
        }
    }

    public let name: String
    public let value: Value
    /// The value used when the option is left out; nil when there is none (or it depends on another option).
    public let defaultValue: JSONValue?
    public let required: Bool
    public let dependency: Dependency?
    /// A few plain words on what the value means (units, when it applies).
    public let help: String

    public init(
        _ name: String, _ value: Value, default defaultValue: JSONValue? = nil, required: Bool = false,
        dependency: Dependency? = nil, help: String = ""
    ) {
        self.name = name
        self.value = value
        self.defaultValue = defaultValue
        self.required = required
        self.dependency = dependency
        self.help = help
    }

    /// The longest `start`/`end` the validation takes: a week.
    public static let maximumSeconds: Double = 86_400 * 7

    /// The spec as JSON: `{name, type, values | minimum/maximum, default, required, depends_on, help}`.
    public var json: JSONValue {
        var fields = [JSONField("name", .string(name))]
        switch value {
        case .choice(let values):
            fields.append(JSONField("type", "choice"))
            fields.append(JSONField("values", .array(values.map { .string($0) })))
        case .number(let range):
            fields.append(JSONField("type", "number"))
            fields.append(JSONField("minimum", Self.number(range.lowerBound)))
            fields.append(JSONField("maximum", Self.number(range.upperBound)))
        case .integer(let range):
            fields.append(JSONField("type", "integer"))
            fields.append(JSONField("minimum", .int(Int64(range.lowerBound))))
            fields.append(JSONField("maximum", .int(Int64(range.upperBound))))
        case .dimension:
            fields.append(JSONField("type", "dimension"))
            fields.append(JSONField("minimum", .int(Int64(Dimension.pixelRange.lowerBound))))
            fields.append(JSONField("maximum", .int(Int64(Dimension.pixelRange.upperBound))))
        case .seconds:
            fields.append(JSONField("type", "seconds"))
            fields.append(JSONField("minimum", .int(0)))
            fields.append(JSONField("maximum", Self.number(Self.maximumSeconds)))
        case .color: fields.append(JSONField("type", "color"))
        case .flag: fields.append(JSONField("type", "flag"))
        case .text: fields.append(JSONField("type", "text"))
        }
        fields.append(JSONField("default", defaultValue ?? .null))
        fields.append(JSONField("required", .bool(required)))
        if let dependency {
            let allowed = JSONObject(dependency.allowed.map { JSONField($0.value, .array($0.allowed.map { .string($0) })) })
            fields.append(JSONField("depends_on", ["option": .string(dependency.option), "values": .object(allowed)]))
        } else {
            fields.append(JSONField("depends_on", .null))
        }
        fields.append(JSONField("help", .string(help)))
        return .object(JSONObject(fields))
    }

    /// Whole numbers as integers, as they read back.
    private static func number(_ value: Double) -> JSONValue {
        value.rounded() == value && abs(value) < 1e15 ? .int(Int64(value)) : .double(value)
    }
}
