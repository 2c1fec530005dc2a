/// A validated `POST /tasks` body: one step on its own. Kinds that read a URL (`probe`,
/// `import`) take `input: {"url": …}`; the others take a file object (a probe's or an encode's
/// `output`) whose `url` the server can read.
public struct CreateTaskRequest: Sendable, Equatable {
    public var kind: StepKind
    /// The task's input as it will be shown: an external file, or the given file object.
    public var input: JSONValue
    public var inputURL: String
    /// The options in canonical form.
    public var canonicalOptions: JSONObject
    /// `export`'s `options.url`: where to publish; nil publishes to the server's own storage.
    public var destination: String?
    public var connectionID: String?
    public var metadata: JSONObject?
    public var webhookURL: String?

    public init(
        kind: StepKind, input: JSONValue, inputURL: String, canonicalOptions: JSONObject = JSONObject(), destination: String? = nil,
        connectionID: String? = nil, metadata: JSONObject? = nil, webhookURL: String? = nil
    ) {
        self.webhookURL = webhookURL
        self.kind = kind
        self.input = input
        self.inputURL = inputURL
        self.canonicalOptions = canonicalOptions
        self.destination = destination
        self.connectionID = connectionID
        self.metadata = metadata
    }

    public static let fields = ["kind", "input", "options", "metadata", "webhook_url"]

    public static func parse(_ body: JSONValue, catalog: StepCatalog = .builtIn) throws(APIError) -> CreateTaskRequest {
        let object = try RequestBody.object(body, fields: fields)
        let entry: StepCatalog.Entry
        switch object["kind"] {
        case nil, .null?: throw APIError("kind_required", "kind is required: one of \(catalog.kindNames)")
        case .string(let s)?:
            guard let found = catalog[StepKind(s)] else {
                throw APIError("invalid_kind", "kind '\(s)' is not a task kind; use one of: \(catalog.kindNames)")
            }
            try found.requireAvailable()
            entry = found
        case let other?: throw .invalidRequest("kind must be a string, not \(other.typeName)")
        }

        let (input, url) = try Self.input(object["input"], role: entry.inputRole)

        let options = try RequestBody.options(object["options"])
        let canonical = try entry.validate(options)
        return CreateTaskRequest(
            kind: entry.kind, input: input, inputURL: url, canonicalOptions: canonical,
            destination: canonical["url"]?.stringValue, connectionID: canonical["connection_id"]?.stringValue,
            metadata: try CreateJobRequest.metadata(object["metadata"]), webhookURL: try WebhookURL.parse(object["webhook_url"])
        )
    }

    /// The input as shown and the URL it names.
    private static func input(_ value: JSONValue?, role: StepInputRole) throws(APIError) -> (JSONValue, String) {
        switch value {
        case nil, .null?:
            throw APIError("input_required", role == .url
                ? "input is required: {\"url\": \"https://…\"}" : "input is required: a file object, such as a probe task's output")
        case .object(let given)?:
            guard case .string(let s)? = given["url"], !s.isEmpty else {
                throw .invalidInput("input must have a url: the http(s) or s3 address of the file")
            }
            try InputURL.validate(s)
            switch role {
            case .url:
                return (["object": "external_file", "url": .string(s)], s)
            case .file:
                guard given["object"] == "file" || given["object"] == nil else {
                    throw .invalidInput("input must be a file object (\"object\": \"file\"), such as a probe task's output")
                }
                var file = given
                if file["object"] == nil { file["object"] = "file" }
                return (.object(file), s)
            }
        case .string?:
            throw .invalidRequest(role == .url
                ? "input must be an object: {\"url\": \"https://…\"}" : "input must be a file object, such as a probe task's output")
        case let other?:
            throw .invalidRequest("input must be an object, not \(other.typeName)")
        }
    }
}

/// The filters of `GET /tasks`. `run_id` is another name for `job_id`.
public struct TaskFilter: Sendable, Equatable {
    public var status: TaskStatus?
    public var kind: StepKind?
    public var jobID: String?
    public var createdBy: String?

    public init(status: TaskStatus? = nil, kind: StepKind? = nil, jobID: String? = nil, createdBy: String? = nil) {
        self.status = status
        self.kind = kind
        self.jobID = jobID
        self.createdBy = createdBy
    }

    public static let parameterNames = ["status", "kind", "run_id", "job_id", "created_by"]

    /// `kind` takes every kind the List Tasks page lists (and its older names `ingest` and
    /// `upload`), whether or not this server runs it.
    public static func parse(_ params: [String: String]) throws(APIError) -> TaskFilter {
        var filter = TaskFilter()
        if let status = params["status"] {
            guard let value = TaskStatus(rawValue: status) else {
                throw .invalidRequest("status must be one of \(TaskStatus.allNames), got '\(status)'")
            }
            filter.status = value
        }
        if let kind = params["kind"] {
            guard let value = StepKind.listed(named: kind) else {
                let names = (StepKind.listed.map(\.rawValue) + StepKind.aliases.keys.sorted()).joined(separator: ", ")
                throw .invalidRequest("kind must be one of \(names), got '\(kind)'")
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
