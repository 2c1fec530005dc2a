import Foundation
import KilnCore

/// Checks responses against the server's own OpenAPI document: the documented status exists for
/// the route, and the body matches its JSON Schema (the subset the document uses: $ref, type,
/// const, enum, required, properties, additionalProperties, items, oneOf, anyOf, pattern, minimum, maximum).
struct OpenAPIValidator: Sendable {
    let spec: JSONValue

    init(specText: String) throws {
        spec = try JSONParser.parse(specText)
    }

    /// Problems found; empty when the response conforms.
    func problems(path template: String, method: String, response: TestResponse) -> [String] {
        guard let operation = spec["paths"]?[template]?[method.lowercased()] else {
            return ["\(method) \(template) is not in the OpenAPI document"]
        }
        guard var documented = operation["responses"]?[String(response.status)] else {
            return ["\(method) \(template) does not document status \(response.status)"]
        }
        documented = resolve(documented)
        guard let schema = documented["content"]?["application/json"]?["schema"] else {
            return response.text.isEmpty ? [] : ["\(method) \(template) \(response.status) documents no JSON body"]
        }
        guard let body = try? response.json else { return ["body is not JSON: \(response.text.prefix(200))"] }
        var problems: [String] = []
        validate(body, against: schema, at: "$", into: &problems)
        return problems
    }

    private func resolve(_ value: JSONValue) -> JSONValue {
        guard let ref = value["$ref"]?.stringValue, ref.hasPrefix("#/") else { return value }
        var node = spec
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = node[String(part)] else { return .null }
            node = next
        }
        return resolve(node)
    }

    private func typeMatches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("integer", .int): return true
        case ("integer", .double(let d)): return d.rounded() == d
        case ("integer", .number): return value.int64Value != nil
        case ("number", .int), ("number", .double), ("number", .number): return true
        default: return false
        }
    }

    private func validate(_ value: JSONValue, against rawSchema: JSONValue, at path: String, into problems: inout [String]) {
        let schema = resolve(rawSchema)
        if let type = schema["type"] {
            let types: [String]
            if case .array(let list) = type { types = list.compactMap(\.stringValue) } else { types = [type.stringValue ?? ""] }
            guard types.contains(where: { typeMatches(value, $0) }) else {
                problems.append("\(path): \(value.typeName) is not \(types.joined(separator: " or "))")
                return
            }
        }
        if let constant = schema["const"], constant != value {
            problems.append("\(path): \(value.serialized()) is not \(constant.serialized())")
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            problems.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(allowed).serialized())")
        }
        if case .array(let options)? = schema["anyOf"] {
            let matches = options.contains { option in
                var inner: [String] = []
                validate(value, against: option, at: path, into: &inner)
                return inner.isEmpty
            }
            if !matches { problems.append("\(path): matches none of anyOf") }
        }
        if case .array(let options)? = schema["oneOf"] {
            let matching = options.filter { option in
                var inner: [String] = []
                validate(value, against: option, at: path, into: &inner)
                return inner.isEmpty
            }
            if matching.count != 1 { problems.append("\(path): matches \(matching.count) of oneOf, not 1") }
        }
        if let pattern = schema["pattern"]?.stringValue, case .string(let s) = value,
            s.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\(path): \"\(s)\" does not match \(pattern)")
        }
        if let number = value.doubleValue {
            if let minimum = schema["minimum"]?.doubleValue, number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        }
        if case .object(let object) = value {
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where object[name] == nil {
                    problems.append("\(path): missing \(name)")
                }
            }
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            for field in object.fields {
                let (key, child) = (field.key, field.value)
                if let propertySchema = properties[key] {
                    validate(child, against: propertySchema, at: "\(path).\(key)", into: &problems)
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path): unexpected field \(key)")
                }
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (index, element) in elements.enumerated() {
                validate(element, against: items, at: "\(path)[\(index)]", into: &problems)
            }
        }
    }
}
