import Foundation

/// One step of a `POST /jobs` `workflow`, validated: an encode or analysis kind with its options
/// in canonical form, or a `conditions` gate with the steps that run only when it holds.
public struct WorkflowStep: Sendable, Equatable {
    public var kind: StepKind
    /// The canonical options (a gate's: `{"conditions": […]}`).
    public var options: JSONObject
    /// Its result's name; every step that produces one has a ref (given, or its kind's name).
    public var ref: String?
    /// Where its result goes (`s3://…`, `{ref}` already filled in); nil publishes it like a job's output.
    public var output: String?
    public var next: [WorkflowStep]

    public init(kind: StepKind, options: JSONObject, ref: String?, output: String? = nil, next: [WorkflowStep] = []) {
        self.kind = kind
        self.options = options
        self.ref = ref
        self.output = output
        self.next = next
    }

    /// This step and every step inside it, in the order of the job's tasks, each with the index
    /// (in that order) of the gate it runs after, if any.
    func flattened(after gate: Int?, startingAt start: Int) -> [(step: WorkflowStep, gate: Int?)] {
        var all: [(step: WorkflowStep, gate: Int?)] = [(self, gate)]
        for child in next { all += child.flattened(after: start, startingAt: start + all.count) }
        return all
    }
}

/// The rules of `workflow`: at most 20 steps in all, unique refs, each step validated exactly as a
/// single job's options are, every message naming the step (`workflow[2].next[0].options.width …`).
public enum Workflow {
    public static let maximumSteps = 20
    /// What a ref may be (the OpenAPI document's pattern); `isRef` is the check itself.
    public static let refPattern = "^[a-z0-9_-]{1,40}$"
    public static let stepFields = ["kind", "options", "ref", "output"]
    public static let gateFields = ["kind", "ref", "conditions", "next"]

    /// The steps as validated, with a ref for every step that produces a result.
    public static func parse(_ value: JSONValue, catalog: StepCatalog) throws(APIError) -> [WorkflowStep] {
        guard let items = value.arrayValue else { throw .invalidRequest("workflow must be an array of steps, not \(value.typeName)") }
        guard !items.isEmpty else { throw .invalidRequest("workflow must have at least one step") }
        var count = 0
        var steps: [WorkflowStep] = []
        for (index, item) in items.enumerated() {
            steps.append(try step(item, path: "workflow[\(index)]", catalog: catalog, count: &count))
        }
        var refs = Set<String>()
        for (step, _) in flatten(steps) {
            if let ref = step.ref, !refs.insert(ref).inserted { throw .invalidRequest("workflow: ref '\(ref)' is used twice; refs must be unique") }
        }
        // Steps without a ref that produce a result get their kind's name (then _2, _3 …).
        var named = steps
        assignRefs(&named, taken: &refs)
        return named
    }

    /// Every step in the order of the job's tasks, each with the index of the gate it runs after.
    public static func flatten(_ steps: [WorkflowStep]) -> [(step: WorkflowStep, gate: Int?)] {
        var all: [(step: WorkflowStep, gate: Int?)] = []
        for step in steps { all += step.flattened(after: nil, startingAt: all.count) }
        return all
    }

    private static func assignRefs(_ steps: inout [WorkflowStep], taken: inout Set<String>) {
        for index in steps.indices {
            if steps[index].ref == nil, steps[index].kind != .conditions {
                var candidate = steps[index].kind.rawValue
                var n = 2
                while taken.contains(candidate) {
                    candidate = "\(steps[index].kind.rawValue)_\(n)"
                    n += 1
                }
                taken.insert(candidate)
                steps[index].ref = candidate
                steps[index].output = steps[index].output?.replacingOccurrences(of: "{ref}", with: candidate)
            }
            assignRefs(&steps[index].next, taken: &taken)
        }
    }

    private static func step(_ value: JSONValue, path: String, catalog: StepCatalog, count: inout Int) throws(APIError) -> WorkflowStep {
        count += 1
        guard count <= maximumSteps else { throw .invalidRequest("workflow has more than \(maximumSteps) steps (counting those in next)") }
        guard let object = value.objectValue else { throw .invalidRequest("\(path) must be an object, not \(value.typeName)") }
        let kindName: String
        switch object["kind"] {
        case .string(let s)?: kindName = s
        case nil, .null?: throw APIError("kind_required", "\(path).kind is required: one of \(kindNames(catalog))")
        case let other?: throw .invalidRequest("\(path).kind must be a string, not \(other.typeName)")
        }
        let kind = StepKind(kindName)
        guard let entry = catalog[kind], entry.inputRole == .file, kind != .export else {
            throw APIError("invalid_kind", "\(path).kind '\(kindName)' cannot be a workflow step; use one of: \(kindNames(catalog))")
        }
        let fields = kind == .conditions ? gateFields : stepFields
        for key in object.keys where !fields.contains(key) {
            let only = key == "next" ? " (only a conditions step has next)" : ""
            throw .invalidRequest("\(path) has an unknown field '\(key)'; a \(kindName) step takes \(fields.joined(separator: ", "))\(only)")
        }
        let ref = try self.ref(object["ref"], path: path)
        if kind == .conditions {
            let options = JSONObject([JSONField("conditions", object["conditions"] ?? .null)])
            let canonical: JSONObject
            do throws(APIError) {
                canonical = try ConditionsStep.options(from: options).canonical
            } catch {
                throw APIError(error.kind, "\(path).\(error.message)", status: error.httpStatus)
            }
            guard let nextItems = object["next"]?.arrayValue, !nextItems.isEmpty else {
                throw .invalidRequest("\(path).next must be an array of the steps that run when the conditions hold")
            }
            var next: [WorkflowStep] = []
            for (index, item) in nextItems.enumerated() {
                next.append(try step(item, path: "\(path).next[\(index)]", catalog: catalog, count: &count))
            }
            return WorkflowStep(kind: kind, options: canonical, ref: ref, next: next)
        }
        do throws(APIError) {
            try entry.requireAvailable()
        } catch {
            throw APIError(error.kind, "\(path).kind: \(error.message)", status: error.httpStatus)
        }
        let options: JSONObject
        switch object["options"] {
        case nil, .null?: options = JSONObject()
        case .object(let o)?: options = o
        case let other?: throw .invalidRequest("\(path).options must be an object, not \(other.typeName)")
        }
        let canonical: JSONObject
        do throws(APIError) {
            canonical = try entry.validate(options)
        } catch {
            throw named(error, path: path, optionNames: entry.optionNames)
        }
        var output: String?
        switch object["output"] {
        case nil, .null?: output = nil
        case .string(let s)?:
            do throws(APIError) {
                try OutputURL.validate(s, placeholders: OutputURL.placeholders + ["ref"])
            } catch {
                throw .invalidRequest("\(path).\(error.message)")
            }
            output = ref.map { s.replacingOccurrences(of: "{ref}", with: $0) } ?? s
        case let other?: throw .invalidRequest("\(path).output must be a string s3:// URL, not \(other.typeName)")
        }
        return WorkflowStep(kind: kind, options: canonical, ref: ref, output: output)
    }

    private static func ref(_ value: JSONValue?, path: String) throws(APIError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)? where isRef(s): return s
        default: throw .invalidRequest("\(path).ref must be 1 to 40 of a-z, 0-9, _ and -")
        }
    }

    /// Where the first step with an `output` is, as messages name it (`workflow[2].next[0].output`).
    public static func firstOutputField(_ steps: [WorkflowStep], path: String = "workflow") -> String? {
        for (index, step) in steps.enumerated() {
            if step.output != nil { return "\(path)[\(index)].output" }
            if let inner = firstOutputField(step.next, path: "\(path)[\(index)].next") { return inner }
        }
        return nil
    }

    /// Whether `s` matches `refPattern`, checked character by character: a regular expression's
    /// `$` also matches before a final line break, which would let "web\n" become a folder name.
    public static func isRef(_ s: String) -> Bool {
        (1...40).contains(s.utf8.count) && s.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
    }

    /// The kinds a step may have.
    public static func kindNames(_ catalog: StepCatalog) -> String {
        (catalog.entries.filter { $0.inputRole == .file && $0.kind != .export && $0.kind != .conditions }.map(\.kind.rawValue) + ["conditions"])
            .joined(separator: ", ")
    }

    /// The option's error, naming the step: `workflow[0].options.width must be …`.
    private static func named(_ error: APIError, path: String, optionNames: [String]) -> APIError {
        let message = error.message
        let firstWord = String(message.prefix { $0 != " " && $0 != "'" })
        let named: String
        if message.hasPrefix("options.") {
            named = "\(path).\(message)"
        } else if optionNames.contains(firstWord) {
            named = "\(path).options.\(message)"
        } else {
            named = "\(path).options: \(message)"
        }
        return APIError(error.kind, named, status: error.httpStatus)
    }
}
