import KilnCore
import Testing

/// Options are stored in canonical form; reading that form back gives the same typed value, and
/// the form is itself canonical (writing it again changes nothing).
struct CanonicalOptionsTests {
    static let cases: [(String, String)] = [
        ("video", "{}"),
        ("video", #"{"width":1280,"height":"50%","fit":"cover","position":"top_left","fps":29.97,"bitrate":800000,"start":1.5,"end":4,"mute":true,"codec":"h265","quality":"high"}"#),
        ("video", ##"{"format":"webm","background":"#fff","width":640,"height":360}"##),
        ("audio", #"{"format":"opus","bitrate":64000,"start":2}"#),
        ("audio", #"{"format":"flac"}"#),
        ("image", #"{"format":"jpg","start":5,"width":320}"#),
        ("image", #"{"format":"png","width":100,"height":100,"fit":"contain"}"#),
        ("animation", #"{"end":3,"fps":12,"format":"webp"}"#),
        ("adaptive_video", #"{"height":720,"quality":"very_low"}"#),
        ("export", #"{"url":"s3://b/k.mp4","connection_id":"conn_1"}"#),
        ("probe", "{}"),
    ]

    @Test(arguments: cases.indices) func canonicalFormsReadBackToTheSameValue(_ index: Int) throws {
        let (kind, text) = Self.cases[index]
        let entry = try #require(StepCatalog.builtIn[StepKind(kind)])
        let options = try #require(try JSONParser.parse(text).objectValue)
        let canonical = try entry.validate(options)
        #expect(try entry.validate(canonical) == canonical)
        if let jobKind = JobKind(rawValue: kind) {
            #expect(try JobOptions.parse(canonical, kind: jobKind) == JobOptions.parse(options, kind: jobKind))
        }
    }

    @Test func aStoredValueThatNoLongerReadsIsANamedError() {
        #expect(throws: StoredOptionsError.self) { try VideoStep.decode(JSONObject([JSONField("codec", "vp8")])) }
        let error = StoredOptionsError(kind: .video, reason: "codec 'vp8' is not allowed")
        #expect(error.runError.kind == "options_unreadable")
    }

    @Test func everyKindTheListTasksPageListsIsAcceptedAsAFilter() throws {
        for name in ["probe", "import", "ingest", "upload", "export", "video", "speech", "subtitles", "chapters", "nsfw", "summary", "outline", "conditions"] {
            #expect(try TaskFilter.parse(["kind": name]).kind != nil, "\(name)")
        }
        #expect(try TaskFilter.parse(["kind": "ingest"]).kind == .import)
        #expect(try TaskFilter.parse(["kind": "upload"]).kind == .export)
        #expect(throws: APIError.self) { try TaskFilter.parse(["kind": "nonsense"]) }
    }
}
