import KilnCore

/// JSON columns hold compact JSON text in every store.
enum StoredJSON {
    static func value(_ text: String?) -> JSONValue {
        switch text {
        // "{}", "null" and the like are the common case: skip the parser for them.
        case nil, "null"?, ""?: return .null
        case "{}"?: return .object(JSONObject())
        case let text?: return (try? JSONParser.parse(text)) ?? .null
        }
    }

    static func object(_ text: String?) -> JSONObject {
        value(text).objectValue ?? JSONObject()
    }

    /// A JSON array of strings (step ids).
    static func strings(_ text: String) -> [String] {
        value(text).arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func error(_ text: String?) -> RunError? {
        RunError(json: value(text))
    }
}
