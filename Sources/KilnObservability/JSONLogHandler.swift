import Foundation
import KilnCore
import Logging
import Synchronization

/// Writes each log record as one JSON object on one line of standard error, for log collectors:
/// `{"time", "level", "message", …metadata}`. The metadata carries `request_id`, `job_id`,
/// `task_id` and `worker` where they apply. Nothing here adds a value that was not logged, so
/// whatever keeps secrets out of messages keeps them out of these lines too.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let sink: JSONLineSink

    public init(label: String, sink: JSONLineSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = [
            JSONField("time", .string(Date().formatted(Self.timeFormat))),
            JSONField("level", .string(event.level.rawValue)),
            JSONField("message", .string(event.message.description)),
            JSONField("label", .string(label)),
        ]
        // The record's own metadata wins over the logger's, as in swift-log's own handlers.
        var merged = metadata.merging(event.metadata ?? [:]) { _, record in record }
        // Hummingbird's name for the request's id: written once, under Kiln's name.
        if let hummingbird = merged.removeValue(forKey: "hb.request.id"), merged["request_id"] == nil {
            merged["request_id"] = hummingbird
        }
        for key in merged.keys.sorted() where !["time", "level", "message", "label"].contains(key) {
            fields.append(JSONField(key, Self.json(merged[key]!)))
        }
        sink.write(JSONValue.object(JSONObject(fields)).serialized() + "\n")
    }

    /// UTC with milliseconds and `Z`, as log collectors parse it.
    static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// Numbers logged as numbers stay numbers; everything else is text.
    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let s as any BinaryInteger): return Int64(exactly: s).map(JSONValue.int) ?? .string(s.description)
        case .stringConvertible(let d as Double) where d.isFinite: return .double(d)
        case .stringConvertible(let s): return .string(s.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let entries): return .object(JSONObject(entries.keys.sorted().map { JSONField($0, json(entries[$0]!)) }))
        }
    }
}

/// Where JSON lines go: whole lines, one writer at a time, so lines of concurrent tasks never mix.
public final class JSONLineSink: Sendable {
    private let writer: Mutex<@Sendable (String) -> Void>

    public init(_ write: @escaping @Sendable (String) -> Void) {
        writer = Mutex(write)
    }

    public static let standardError = JSONLineSink { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    func write(_ line: String) {
        writer.withLock { $0(line) }
    }
}
