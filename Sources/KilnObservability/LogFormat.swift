import Logging

/// How a node writes its logs: swift-log's lines for people (`text`), or one JSON object a line
/// for collectors (`json`, `JSONLogHandler`).
public enum LogFormat: String, CaseIterable, Sendable {
    case text, json

    /// A logger at `level` in this format. Each logger gets its handler directly rather than
    /// through `LoggingSystem.bootstrap`, which a process may call once only.
    public func logger(label: String = "kiln", level: Logger.Level) -> Logger {
        var logger: Logger
        switch self {
        case .text: logger = Logger(label: label)
        case .json: logger = Logger(label: label) { JSONLogHandler(label: $0) }
        }
        logger.logLevel = level
        return logger
    }
}
