import Foundation
import KilnCore
import KilnObservability
import Logging
import Synchronization
import Testing

/// `--log-format json`: one JSON object a line, with the logger's and the record's metadata.
struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var sink: JSONLineSink { JSONLineSink { line in self.lines.withLock { $0.append(line) } } }
    }

    @Test func eachRecordIsOneObjectOnOneLine() throws {
        let lines = Lines()
        var logger = Logger(label: "kiln") { JSONLogHandler(label: $0, sink: lines.sink) }
        logger[metadataKey: "request_id"] = "req_1"
        logger.info("request\nwith a newline", metadata: ["status": .stringConvertible(201), "duration_ms": .stringConvertible(1.5), "path": "/jobs"])
        logger.debug("below the level")
        let all = lines.all
        try #require(all.count == 1)
        #expect(all[0].hasSuffix("\n") && all[0].dropLast().contains("\n") == false, "a newline in a message stays escaped")
        let object = try JSONParser.parse(String(all[0].dropLast()))
        #expect(object["level"] == "info")
        #expect(object["message"] == "request\nwith a newline")
        #expect(object["request_id"] == "req_1")
        #expect(object["status"] == 201, "numbers stay numbers")
        #expect(object["duration_ms"] == 1.5)
        #expect(object["path"] == "/jobs")
        let time = try #require(object["time"]?.stringValue)
        #expect(time.hasSuffix("Z") && time.contains("."), "UTC with milliseconds: \(time)")
    }

    @Test func aRecordsMetadataWinsAndNestedValuesStayStructured() throws {
        let lines = Lines()
        var logger = Logger(label: "kiln") { JSONLogHandler(label: $0, sink: lines.sink) }
        logger[metadataKey: "job_id"] = "job_1"
        logger.warning("x", metadata: ["job_id": "job_2", "codecs": ["video": "h264"], "list": ["a", "b"]])
        let object = try JSONParser.parse(String(try #require(lines.all.first).dropLast()))
        #expect(object["job_id"] == "job_2")
        #expect(object["codecs"]?["video"] == "h264")
        #expect(object["list"] == ["a", "b"])
    }

    @Test func hummingbirdsRequestIDIsWrittenAsRequestID() throws {
        let lines = Lines()
        var logger = Logger(label: "kiln") { JSONLogHandler(label: $0, sink: lines.sink) }
        logger[metadataKey: "hb.request.id"] = "req_2"
        logger.info("from Hummingbird")
        let object = try JSONParser.parse(String(try #require(lines.all.first).dropLast()))
        #expect(object["request_id"] == "req_2" && object["hb.request.id"] == nil)
    }

    @Test func concurrentRecordsNeverShareALine() async throws {
        let lines = Lines()
        let logger = Logger(label: "kiln") { JSONLogHandler(label: $0, sink: lines.sink) }
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { for i in 0..<200 { logger.info("line \(i) of \(task)") } }
            }
        }
        let all = lines.all
        #expect(all.count == 1600)
        for line in all { _ = try JSONParser.parse(String(line.dropLast())) }
    }

    @Test func formatsByName() {
        #expect(LogFormat(rawValue: "json") == .json && LogFormat(rawValue: "text") == .text && LogFormat(rawValue: "xml") == nil)
        #expect(LogFormat.json.logger(level: .debug).logLevel == .debug)
    }
}
