import KilnCore
import Testing

/// The specs the dashboard's form is built from say exactly what the validation accepts: every
/// value a spec offers passes, values just outside it fail, defaults are the canonical form's.
struct OptionSpecTests {
    static let kinds = JobKind.allCases

    /// The smallest valid options of a kind (an animation needs its end).
    static func base(_ kind: JobKind) -> [String: JSONValue] {
        kind == .animation ? ["end": 2] : [:]
    }

    static func accepts(_ kind: JobKind, _ options: [String: JSONValue]) -> Bool {
        (try? JobOptions.parse(JSONObject(options.sorted { $0.key < $1.key }.map { JSONField($0.key, $0.value) }), kind: kind)) != nil
    }

    /// Values of `spec` the validation must take, and values it must refuse.
    static func samples(_ spec: OptionSpec) -> (good: [JSONValue], bad: [JSONValue]) {
        switch spec.value {
        case .choice(let values): return (values.map { .string($0) }, ["nonsense", 3])
        case .number(let range): return ([.double(range.lowerBound), .double(range.upperBound)], [.double(range.lowerBound - 0.5), .double(range.upperBound + 0.5), "1"])
        case .integer(let range):
            return ([.int(Int64(range.lowerBound)), .int(Int64(range.upperBound))], [.int(Int64(range.lowerBound) - 1), .int(Int64(range.upperBound) + 1), 1.5])
        case .dimension: return ([2, 8192, "1%", "100%"], [1, 8193, "0%", "101%", true])
        case .seconds: return ([1.5, .double(OptionSpec.maximumSeconds)], [-1, .double(OptionSpec.maximumSeconds + 1), "1"])
        case .color: return (["#fff", "#a0B1c2"], ["red", "#ffff"])
        case .flag: return ([true, false], ["yes"])
        case .text: return (["x"], [1])
        }
    }

    @Test(arguments: kinds) func everyOfferedValueIsAcceptedAndOthersRefused(_ kind: JobKind) throws {
        let entry = try #require(StepCatalog.builtIn[kind.stepKind])
        #expect(entry.optionNames == entry.options.map(\.name))
        for spec in entry.options where spec.dependency == nil {
            var base = Self.base(kind)
            if spec.name == "background" { base["fit"] = "contain" }
            // An image's end and sprite belong to a thumbnail track: they come with its interval.
            if kind == .image, ["end", "sprite"].contains(spec.name) { base["interval"] = 1 }
            var (good, bad) = Self.samples(spec)
            // An animation's end must follow its start, and stay within the maximum too.
            if spec.name == "start", kind == .animation { good = [0, 1.5] }
            for value in good {
                var options = base
                options[spec.name] = value
                if spec.name == "start", kind == .animation { options["end"] = .double((value.doubleValue ?? 0) + 1) }
                #expect(Self.accepts(kind, options), "\(kind.rawValue).\(spec.name) = \(value.serialized()) is offered, so it must be accepted")
            }
            for value in bad {
                var options = base
                options[spec.name] = value
                #expect(!Self.accepts(kind, options), "\(kind.rawValue).\(spec.name) = \(value.serialized()) is outside the spec, so it must be refused")
            }
        }
        #expect(!Self.accepts(kind, Self.base(kind).merging(["no_such_option": 1]) { a, _ in a }))
    }

    @Test(arguments: kinds) func defaultsAndRequiredOptionsAreTheValidationsOwn(_ kind: JobKind) throws {
        let entry = try #require(StepCatalog.builtIn[kind.stepKind])
        let base = Self.base(kind)
        let canonical = try entry.validate(JSONObject(base.map { JSONField($0.key, $0.value) }))
        for spec in entry.options {
            if let value = spec.defaultValue {
                #expect(canonical[spec.name] == value, "\(kind.rawValue).\(spec.name) defaults to \(value.serialized())")
            }
            if spec.required {
                var without = base
                without[spec.name] = nil
                #expect(!Self.accepts(kind, without), "\(kind.rawValue).\(spec.name) is required")
            }
        }
    }

    @Test func aCodecDependsOnTheFormat() throws {
        let codec = try #require(VideoOptions.specs.first { $0.name == "codec" })
        let dependency = try #require(codec.dependency)
        #expect(dependency.option == "format")
        guard case .choice(let allCodecs) = codec.value else { Issue.record("codec is a choice"); return }
        for (format, allowed) in dependency.allowed {
            for name in allCodecs {
                #expect(Self.accepts(.video, ["format": .string(format), "codec": .string(name)]) == allowed.contains(name), "\(format)/\(name)")
            }
            let canonical = try JobOptions.parse(JSONObject([JSONField("format", .string(format))]), kind: .video).canonical
            #expect(canonical["codec"] == .string(allowed[0]), "the first codec listed for \(format) is its default")
        }
    }

    @Test func specsSerialiseForTheForm() throws {
        let json = try #require(VideoOptions.specs.first { $0.name == "codec" }).json
        #expect(json["type"] == "choice")
        #expect(json["depends_on"]?["option"] == "format")
        #expect(json["depends_on"]?["values"]?["webm"] == ["vp9", "av1"])
        let end = try #require(AnimationOptions.specs.first { $0.name == "end" }).json
        #expect(end["required"] == true && end["type"] == "seconds")
    }
}
