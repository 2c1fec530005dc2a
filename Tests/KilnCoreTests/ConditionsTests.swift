import KilnCore
import Testing

/// The conditions of a workflow against a probed file object: every operator on every type of
/// prop, a prop the file lacks, and the values refused at creation.
struct ConditionsTests {
    static let file: JSONValue = [
        "object": "file", "kind": "video", "format": "mp4", "width": 1920, "height": 1080, "duration": 61.5, "filesize": 1000,
        "bitrate": 5_000_000, "framerate": 29.97, "codecs": ["video": ["name": "h264"], "audio": .null],
    ]

    static func condition(_ prop: String, _ op: String, _ value: JSONValue) throws(APIError) -> Condition {
        try Condition.parse(["prop": .string(prop), "operator": .string(op), "value": value], path: "conditions[0]")
    }

    @Test(arguments: [
        ("duration", ">=", 60, true), ("duration", "<", 60, false), ("width", "==", 1920, true), ("height", "!=", 1080, false),
        ("framerate", ">", 29, true), ("bitrate", "<=", 5_000_000, true), ("kind", "==", "video", true),
        ("format", "in", ["mov", "mp4"], true), ("codecs.video.name", "==", "h264", true), ("codecs.audio.name", "exists", false, true),
        ("codecs.audio.name", "==", "aac", false), ("codecs.audio.name", "!=", "aac", true), ("has_audio", "==", false, true),
        ("has_video", "==", true, true), ("width", "in", [640, 1920], true), ("duration", "exists", true, true),
    ] as [(String, String, JSONValue, Bool)])
    func holds(_ prop: String, _ op: String, _ value: JSONValue, _ expected: Bool) throws {
        #expect(try Self.condition(prop, op, value).holds(for: Self.file) == expected)
    }

    @Test(arguments: [
        ("duration", ">=", "60", "value must be a number"), ("kind", "<", "video", "compares numbers"),
        ("has_audio", "==", 1, "value must be a boolean"), ("format", "in", [], "array of 1 to 100"),
        ("format", "in", [1], "value[0] must be a string"), ("width", "exists", 1, "true or false"),
        ("colour", "==", "red", "prop 'colour' is not known"), ("width", "~", 1, "operator '~' is not known"),
    ] as [(String, String, JSONValue, String)])
    func refused(_ prop: String, _ op: String, _ value: JSONValue, _ message: String) {
        #expect(throws: APIError.self) { try Self.condition(prop, op, value) }
        do throws(APIError) {
            _ = try Condition.parse(["prop": .string(prop), "operator": .string(op), "value": value], path: "conditions[0]")
        } catch {
            #expect(error.kind == "invalid_request" && error.message.hasPrefix("conditions[0].") && error.message.contains(message), "\(error.message)")
        }
    }
}
