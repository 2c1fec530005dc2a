/// The checks every create or update body starts with, worded once so that `POST /jobs`,
/// `POST /tasks`, connections and webhook endpoints refuse a malformed body in the same words.
enum RequestBody {
    /// The body as an object whose every key is one of `fields` (in the order the client sent them,
    /// so the first unknown one is named).
    static func object(_ body: JSONValue, fields: [String]) throws(APIError) -> JSONObject {
        guard let object = body.objectValue else {
            throw .invalidRequest("the request body must be a JSON object, not \(body.typeName)")
        }
        for key in object.keys where !fields.contains(key) {
            throw .invalidRequest("unknown field '\(key)'; allowed fields: \(fields.joined(separator: ", "))")
        }
        return object
    }

    /// An `options` field: an object, empty when absent or null. The kind's step checks what is in it.
    static func options(_ value: JSONValue?) throws(APIError) -> JSONObject {
        switch value {
        case nil, .null?: return JSONObject()
        case .object(let o)?: return o
        case let other?: throw .invalidRequest("options must be an object, not \(other.typeName)")
        }
    }
}
