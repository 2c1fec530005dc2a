import KilnCore
import Testing

/// Which runs a light worker may claim (#16): those whose every step may run in process.
struct LightWorkTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kinds: [StepKind]
        let light: Bool
        var testDescription: String { kinds.map(\.rawValue).joined(separator: " → ") + (light ? ": light" : ": heavy") }
    }

    static let cases: [Case] = [
        Case(kinds: [.probe, .import, .image, .export], light: true),
        Case(kinds: [.probe], light: true),
        Case(kinds: [.probe, .import, .conditions, .image, .image, .export], light: true),
        Case(kinds: [.probe, .import, .video, .export], light: false),
        Case(kinds: [.probe, .import, .audio, .export], light: false),
        Case(kinds: [.probe, .import, .animation, .export], light: false),
        Case(kinds: [.probe, .import, .adaptiveVideo, .export], light: false),
        Case(kinds: [.probe, .import, .image, .video, .export], light: false),
        Case(kinds: [.probe, .import, .nsfw, .export], light: false),
        Case(kinds: [.speech], light: false),
        Case(kinds: [.subtitles], light: false),
        Case(kinds: [.summary], light: false),
        Case(kinds: [StepKind("video_chunk")], light: false),
        Case(kinds: [], light: true),
    ]

    @Test(arguments: cases) func aRunIsLightWhenEveryStepIs(_ c: Case) {
        #expect(LightWork.mayClaim(c.kinds) == c.light)
    }

    /// Every kind the API lists is decided: only the five that run in process are light.
    @Test func theLightKindsAreTheInProcessOnes() {
        let light = StepKind.listed.filter { LightWork.mayClaim([$0]) }
        #expect(Set(light) == [.probe, .import, .image, .export, .conditions])
    }
}
