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

    /// Regression (#12): 2^64 came back as 1.8446744073709552e+19 and -0 as 0.
    @Test(arguments: ["18446744073709551616", "-0", "1.0", "1e3", "1E+3", "0.10", "-12.500e-3", "123456789012345678901234567890.5", "0.1", "-7"])
    func numbersKeepTheTextTheyWereSentAs(_ text: String) throws {
        let value = try JSONParser.parse(#"{"n":\#(text),"list":[\#(text)]}"#)
        #expect(value.serialized() == #"{"n":\#(text),"list":[\#(text)]}"#)
        #expect(value.serialized(sortedKeys: true) == #"{"list":[\#(text)],"n":\#(text)}"#)
        #expect(value["n"]?.doubleValue == Double(text))
        #expect(value["n"]?.typeName == "number")
    }

    @Test func numbers() throws {
        #expect(try JSONParser.parse("-0").int64Value == 0)
        #expect(try JSONParser.parse("1e3").int64Value == 1000)
        #expect(try JSONParser.parse("18446744073709551616").int64Value == nil, "beyond 64 bits is no integer option")
        #expect(try JSONParser.parse("1.5").int64Value == nil)
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
