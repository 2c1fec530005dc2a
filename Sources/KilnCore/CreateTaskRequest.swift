/// A validated `POST /tasks` body: one step on its own. `probe` and `import` take
/// `input: {"url": …}`; encode kinds and `export` take a file object (a probe's or an encode's
/// `output`) whose `url` the server can read.
public struct CreateTaskRequest: Sendable, Equatable {
    public var kind: TaskKind
    /// The task's input as it will be shown: an external file for probe/import, the given file object otherwise.
    public var input: JSONValue
    public var inputURL: String
    /// The options as sent.
    public var options: JSONObject
    public var typedOptions: JobOptions?
    /// `export`'s `options.url`: where to publish; `nil` publishes to the server's own storage.
    public var destination: String?
    public var connectionID: String?

    public init(
        kind: TaskKind, input: JSONValue, inputURL: String, options: JSONObject, typedOptions: JobOptions? = nil,
        destination: String? = nil, connectionID: String? = nil
    ) {
        self.kind = kind
        self.input = input
        self.inputURL = inputURL
        self.options = options
        self.typedOptions = typedOptions
        self.destination = destination
        self.connectionID = connectionID
    }

    public static let fields = ["kind", "input", "options"]

    public static func parse(_ body: JSONValue) throws(APIError) -> CreateTaskRequest {
        guard let object = body.objectValue else {
            throw .invalidRequest("the request body must be a JSON object, not \(body.typeName)")
        }
        for key in object.keys where !fields.contains(key) {
            throw .invalidRequest("unknown field '\(key)'; allowed fields: \(fields.joined(separator: ", "))")
        }
        let kind: TaskKind
        switch object["kind"] {
        case nil, .null?: throw APIError("kind_required", "kind is required: one of \(TaskKind.allNames)")
        case .string(let s)?:
            guard let k = TaskKind(rawValue: s) else {
                throw APIError("invalid_kind", "kind '\(s)' is not a task kind; use one of: \(TaskKind.allNames)")
            }
            kind = k
        case let other?: throw .invalidRequest("kind must be a string, not \(other.typeName)")
        }

        let url: String
        var input: JSONValue
        switch object["input"] {
        case nil, .null?:
            throw APIError("input_required", kind == .probe || kind == .import
                ? "input is required: {\"url\": \"https://…\"}" : "input is required: a file object, such as a probe task's output")
        case .object(let given)?:
            guard case .string(let s)? = given["url"], !s.isEmpty else {
                throw .invalidInput("input must have a url: the http(s) or s3 address of the file")
            }
            try InputURL.validate(s)
            url = s
            if kind == .probe || kind == .import {
                input = ["object": "external_file", "url": .string(s)]
            } else {
                guard given["object"] == "file" || given["object"] == nil else {
                    throw .invalidInput("input must be a file object (\"object\": \"file\"), such as a probe task's output")
                }
                input = .object(given)
            }
        case .string?:
            throw .invalidRequest(kind == .probe || kind == .import
                ? "input must be an object: {\"url\": \"https://…\"}" : "input must be a file object, such as a probe task's output")
        case let other?:
            throw .invalidRequest("input must be an object, not \(other.typeName)")
        }
        if case .object(var file) = input, file["object"] == nil, kind.isEncode || kind == .export {
            file["object"] = "file"
            input = .object(file)
        }

        let options: JSONObject
        switch object["options"] {
        case nil, .null?: options = JSONObject()
        case .object(let o)?: options = o
        case let other?: throw .invalidRequest("options must be an object, not \(other.typeName)")
        }

        var request = CreateTaskRequest(kind: kind, input: input, inputURL: url, options: options)
        switch kind {
        case .probe, .import:
            if let name = options.keys.first {
                throw .invalidOption("unknown option '\(name)' for \(kind.rawValue); \(kind.rawValue) takes no options")
            }
        case .export:
            for name in options.keys where name != "url" && name != "connection_id" {
                throw .invalidOption("unknown option '\(name)' for export; allowed options: url, connection_id")
            }
            switch options["url"] {
            case nil, .null?: break
            case .string(let s)?:
                try OutputURL.validate(s)
                request.destination = s
            case let other?: throw .invalidRequest("options.url must be a string s3:// URL, not \(other.typeName)")
            }
            switch options["connection_id"] {
            case nil, .null?: break
            case .string(let s)? where IDSource.isWellFormed(s, prefix: .connection): request.connectionID = s
            default: throw .invalidRequest("options.connection_id must be a connection id like conn_…")
            }
        case .video, .audio, .image, .animation, .adaptiveVideo:
            request.typedOptions = try JobOptions.parse(options, kind: kind.jobKind!)
        }
        return request
    }
}

/// The filters of `GET /tasks`. `run_id` is another name for `job_id`.
public struct TaskFilter: Sendable, Equatable {
    public var status: TaskStatus?
    public var kind: TaskKind?
    public var jobID: String?
    public var createdBy: String?

    public init(status: TaskStatus? = nil, kind: TaskKind? = nil, jobID: String? = nil, createdBy: String? = nil) {
        self.status = status
        self.kind = kind
        self.jobID = jobID
        self.createdBy = createdBy
    }

    public static let parameterNames = ["status", "kind", "run_id", "job_id", "created_by"]

    public static func parse(_ params: [String: String]) throws(APIError) -> TaskFilter {
        var filter = TaskFilter()
        if let status = params["status"] {
            guard let value = TaskStatus(rawValue: status) else {
                throw .invalidRequest("status must be one of \(TaskStatus.allNames), got '\(status)'")
            }
            filter.status = value
        }
        if let kind = params["kind"] {
            guard let value = TaskKind(rawValue: kind) else {
                throw .invalidRequest("kind must be one of \(TaskKind.allNames), got '\(kind)'")
            }
            filter.kind = value
        }
        if let jobID = params["job_id"], let runID = params["run_id"], jobID != runID {
            throw .invalidRequest("job_id and run_id name the same filter; give one of them")
        }
        filter.jobID = params["job_id"] ?? params["run_id"]
        filter.createdBy = params["created_by"]
        return filter
    }
}
