import Testing
@testable import KilnIntelligence

@Suite struct CaptionsTests {
    @Test func wrapsIntoAtMostTwoLinesOf42Characters() {
        let words = "the quick brown fox jumps over the lazy dog and keeps running far away".split(separator: " ").map(String.init)
        let lines = Captions.wrap(words)
        #expect(lines?.count == 2)
        #expect(lines?.allSatisfy { $0.count <= 42 } == true)
    }
}
