import Foundation
import KilnCore

enum Fixtures {
    static func json(_ name: String) throws -> JSONValue {
        guard let url = Bundle.module.url(forResource: "Fixtures/api/\(name)", withExtension: nil) else {
            throw TestFailure("missing fixture \(name)")
        }
        return try JSONParser.parse(Array(try Data(contentsOf: url)))
    }

    /// The repository root, for the `kiln` binary that `swift build` puts in `.build/debug`.
    static var kilnBinary: URL {
        if let path = ProcessInfo.processInfo.environment["KILN_BINARY"] { return URL(fileURLWithPath: path) }
        return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("kiln")
    }
}

/// Compares a response with a documented one by shape: the same field names, the same JSON
/// types, `null` only where the documentation allows it.
enum Shape {
    /// Fields whose value is `null` until something happens.
    static let nullable: Set<String> = ["output", "error", "started_at", "finished_at", "progress", "input", "job_id", "created_by"]

    static func differences(
        documented: JSONValue, actual: JSONValue, path: String = "$", extraFieldsAllowed: Set<String> = []
    ) -> [String] {
        guard case .object(let doc) = documented, case .object(let act) = actual else {
            return sameType(documented, actual) ? [] : ["\(path): \(actual.typeName) where the docs have \(documented.typeName)"]
        }
        var out: [String] = []
        for key in doc.keys where act[key] == nil { out.append("\(path).\(key) is missing") }
        for key in act.keys where doc[key] == nil && !extraFieldsAllowed.contains(key) {
            out.append("\(path).\(key) is not in the docs")
        }
        for field in doc.fields {
            let (key, docValue) = (field.key, field.value)
            guard let value = act[key] else { continue }
            let fieldPath = "\(path).\(key)"
            if docValue.isNull || value.isNull {
                if docValue.isNull != value.isNull, !nullable.contains(key) {
                    out.append("\(fieldPath) is \(value.typeName), docs have \(docValue.typeName), and it is not nullable")
                }
                continue
            }
            guard sameType(docValue, value) else {
                out.append("\(fieldPath): \(value.typeName) where the docs have \(docValue.typeName)")
                continue
            }
            if key == "tasks", case .array(let docTasks) = docValue, case .array(let tasks) = value, let docTask = docTasks.first {
                for (i, task) in tasks.enumerated() {
                    out += differences(documented: docTask, actual: task, path: "\(fieldPath)[\(i)]", extraFieldsAllowed: ["job_id", "created_by"])
                }
            }
        }
        return out
    }

    private static func sameType(_ a: JSONValue, _ b: JSONValue) -> Bool {
        a.typeName == b.typeName
    }
}
