import KilnCore
import Testing

@Suite struct JSONParserTests {
    @Test func roundTripsAndKeepsKeyOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\\n\u00e9\ud83d\ude00"],"c":{"z":{},"y":[]}}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value["a"]?.serialized() == #"[true,false,null,-2.5,"x\"y\\\né😀"]"#)
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(value.serialized(sortedKeys: true).hasPrefix(#"{"a":"#))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\u{01}\"", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "[1] 2", "NaN", "1e999"])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func limitsNesting() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
    }

    @Test func numbers() throws {
        #expect(try JSONParser.parse("1280") == .int(1280))
        #expect(try JSONParser.parse("1280.0").int64Value == 1280)
        #expect(try JSONParser.parse("1e3").doubleValue == 1000)
        #expect(try JSONParser.parse("9223372036854775808").doubleValue != nil)
        #expect(JSONValue.double(0.1).serialized() == "0.1")
    }
}

@Suite struct IDTests {
    @Test func idsArePrefixedAndSortByCreation() {
        let ids = IDSource.live()
        let made = (0..<5000).map { _ in ids.make(.job) }
        #expect(made == made.sorted())
        #expect(Set(made).count == made.count)
        #expect(made.allSatisfy { $0.hasPrefix("job_") && $0.count == 30 && IDSource.isWellFormed($0, prefix: .job) })
        #expect(!IDSource.isWellFormed(made[0], prefix: .task))
        #expect(!IDSource.isWellFormed("job_../../etc", prefix: .job))
    }

    @Test func idsFromLaterMillisecondsSortLater() {
        let early = IDSource.live(clock: KilnClock { 1_700_000_000_000 }).make(.task)
        let late = IDSource.live(clock: KilnClock { 1_700_000_000_001 }).make(.task)
        #expect(early < late)
    }
}
