import KilnCore
import Testing

/// The rules of a `workflow` body as `Workflow.parse` applies them, on the inputs a careless or
/// hostile client sends: refs that only look valid, and the messages that must name the step.
struct WorkflowParseTests {
    static func refused(_ text: String) throws -> APIError? {
        try refused(JSONParser.parse(text))
    }

    static func refused(_ workflow: JSONValue) -> APIError? {
        do throws(APIError) {
            _ = try Workflow.parse(workflow, catalog: .builtIn)
            return nil
        } catch {
            return error
        }
    }

    /// A ref becomes a folder under /files and an s3:// key: a line break (which `$` of a regular
    /// expression lets through at the end) or any other character outside [a-z0-9_-] is refused.
    @Test(arguments: ["web\n", "web\r\n", "\nweb", "we\nb", "web ", "Web", "", String(repeating: "a", count: 41)])
    func aRefWithACharacterOutsideThePatternIsRefused(_ ref: String) throws {
        let workflow: JSONValue = .array([.object(JSONObject([JSONField("kind", "video"), JSONField("ref", .string(ref))]))])
        let error = try #require(Self.refused(workflow), "\(ref.debugDescription) was accepted")
        #expect(error.kind == "invalid_request" && error.message.hasPrefix("workflow[0].ref must be"), "\(error.message)")
    }

    @Test(arguments: ["a", "web_2", "hls-720", String(repeating: "z", count: 40)])
    func aRefOfThePatternIsKept(_ ref: String) throws {
        let steps = try Workflow.parse(try JSONParser.parse(#"[{"kind":"video","ref":"\#(ref)"}]"#), catalog: .builtIn)
        #expect(steps.first?.ref == ref)
    }

    @Test func anUnknownFieldOfAnEncodeStepNamesWhatAStepTakes() throws {
        let error = try #require(try Self.refused(#"[{"kind":"video","next":[{"kind":"audio"}]}]"#))
        #expect(error.message == "workflow[0] has an unknown field 'next'; a video step takes kind, options, ref, output (only a conditions step has next)", "\(error.message)")
        let gate = try #require(try Self.refused(#"[{"kind":"conditions","conditions":[{"prop":"duration","operator":">","value":1}],"next":[{"kind":"audio"}],"output":"s3://b/k"}]"#))
        #expect(gate.message == "workflow[0] has an unknown field 'output'; a conditions step takes kind, ref, conditions, next", "\(gate.message)")
    }
}
