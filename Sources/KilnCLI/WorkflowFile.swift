import Foundation
import KilnCore

/// A workflow file as `kiln run` and `kiln jobs create --workflow` read it: an array of steps, or
/// an object whose one field is `workflow` (a `POST /jobs` body without its input, which is -i;
/// any other field would be silently left out, so it is refused).
enum WorkflowFile {
    static func read(_ file: String) throws -> JSONValue {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw UsageError("cannot read the workflow file \(file)")
        }
        guard let document = try? JSONParser.parse(Array(data)) else { throw UsageError("the workflow file \(file) is not JSON") }
        guard case .object(let object) = document else { return document }
        if let other = object.keys.first(where: { $0 != "workflow" }) {
            throw UsageError("the workflow file \(file) is an object with '\(other)'; it may hold only a workflow field (the input is -i)")
        }
        guard let steps = object["workflow"] else { throw UsageError("the workflow file \(file) is an object without a workflow field") }
        return steps
    }
}
