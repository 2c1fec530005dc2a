import Foundation

/// A validated `POST /jobs` body.
public struct CreateJobRequest: Sendable, Equatable {
    public var input: String
    /// One of the catalog's job kinds: the five of the jobs API, or Kiln's analysis kinds.
    public var kind: StepKind
    /// The options as sent, echoed back in the job.
    public var options: JSONObject
    /// The options as the kind's step keeps them: every option with its value, defaults filled in.
    public var canonicalOptions: JSONObject
    public var output: String?
    public var metadata: JSONObject
    public var connectionID: String?
    public var webhookURL: String?
    /// A workflow job's steps, validated; `workflowJSON` is the array as sent, echoed in the job.
    public var workflow: [WorkflowStep]?
    public var workflowJSON: JSONValue?

    public init(
        input: String, kind: StepKind, options: JSONObject, canonicalOptions: JSONObject, output: String? = nil,
        metadata: JSONObject = JSONObject(), connectionID: String? = nil, webhookURL: String? = nil,
        workflow: [WorkflowStep]? = nil, workflowJSON: JSONValue? = .none
    ) {
        self.workflow = workflow
        self.workflowJSON = workflowJSON
        self.webhookURL = webhookURL
        self.input = input
        self.kind = kind
        self.options = options
        self.canonicalOptions = canonicalOptions
        self.output = output
        self.metadata = metadata
        self.connectionID = connectionID
    }

    public static let fields = ["input", "kind", "options", "output", "metadata", "connection_id", "webhook_url", "workflow"]
    public static let maximumMetadataBytes = 16 * 1024
    public static let maximumURLLength = 4096

    /// Checks the body in the order of the published errors: input, kind, options, output,
    /// metadata. The kinds are the catalog's job kinds; a kind whose engine this node lacks is
    /// `kind_unavailable`.
    public static func parse(_ body: JSONValue, catalog: StepCatalog = .builtIn) throws(APIError) -> CreateJobRequest {
        let object = try RequestBody.object(body, fields: fields)

        let input: String
        switch object["input"] {
        case nil, .null?: throw .inputRequired
        case .string(let s)?:
            guard !s.isEmpty else { throw .inputRequired }
            try InputURL.validate(s)
            input = s
        case let other?: throw .invalidRequest("input must be a string URL, not \(other.typeName)")
        }

        if let workflowValue = object["workflow"] {
            return try parseWorkflow(object, input: input, workflow: workflowValue, catalog: catalog)
        }

        let entry: StepCatalog.Entry
        switch object["kind"] {
        case nil, .null?: throw APIError("kind_required", "kind is required: one of \(catalog.jobKindNames)")
        case .string(let s)?:
            guard let found = catalog[StepKind(s)], found.isJobKind else {
                throw APIError("invalid_kind", "kind '\(s)' is not supported; use one of: \(catalog.jobKindNames)")
            }
            try found.requireAvailable()
            entry = found
        case let other?: throw .invalidRequest("kind must be a string, not \(other.typeName)")
        }

        let options = try RequestBody.options(object["options"])
        let canonical = try entry.validate(options)

        var output: String?
        switch object["output"] {
        case nil, .null?: output = nil
        case .string(let s)?:
            try OutputURL.validate(s)
            output = s
        case let other?: throw .invalidRequest("output must be a string s3:// URL, not \(other.typeName)")
        }

        let metadata = try Self.metadata(object["metadata"]) ?? JSONObject()

        let connectionID = try Self.connectionID(object["connection_id"])

        return CreateJobRequest(
            input: input, kind: entry.kind, options: options, canonicalOptions: canonical, output: output,
            metadata: metadata, connectionID: connectionID, webhookURL: try WebhookURL.parse(object["webhook_url"])
        )
    }

    /// A job of `workflow` instead of `kind` and `options` (one or the other); each step says where its result goes.
    private static func parseWorkflow(_ object: JSONObject, input: String, workflow: JSONValue, catalog: StepCatalog) throws(APIError) -> CreateJobRequest {
        for field in ["kind", "options", "output"] where object[field] != nil {
            throw .invalidRequest(field == "output"
                ? "output cannot be given with workflow; give each step its own output (s3://…, with {ref})"
                : "give either kind and options, or workflow; not both (\(field) was sent with workflow)")
        }
        let steps = try Workflow.parse(workflow, catalog: catalog)
        let connectionID = try Self.connectionID(object["connection_id"])
        return CreateJobRequest(
            input: input, kind: .workflow, options: JSONObject(), canonicalOptions: JSONObject(), output: nil,
            metadata: try Self.metadata(object["metadata"]) ?? JSONObject(), connectionID: connectionID,
            webhookURL: try WebhookURL.parse(object["webhook_url"]), workflow: steps, workflowJSON: workflow
        )
    }

    /// The field of the first result that goes to an `s3://` destination (which needs a
    /// connection): `output`, or a step's (`workflow[2].next[0].output`); nil when none does.
    public var storageField: String? {
        output != nil ? "output" : Workflow.firstOutputField(workflow ?? [])
    }
}

extension CreateJobRequest {
    /// `connection_id`: the storage connection for `s3://` URLs; nil when absent.
    static func connectionID(_ value: JSONValue?) throws(APIError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?:
            guard IDSource.isWellFormed(s, prefix: .connection) else {
                throw .invalidRequest("connection_id must be a connection id like conn_…")
            }
            return s
        case let other?: throw .invalidRequest("connection_id must be a string, not \(other.typeName)")
        }
    }

    /// `metadata`: an object of at most 16 KiB of JSON, stored and returned as given; nil when absent.
    static func metadata(_ value: JSONValue?) throws(APIError) -> JSONObject? {
        switch value {
        case nil, .null?: return nil
        case .object(let o)?:
            let size = JSONValue.object(o).serialized().utf8.count
            guard size <= maximumMetadataBytes else {
                throw .invalidRequest("metadata is \(size) bytes of JSON; the limit is \(maximumMetadataBytes) bytes (16 KiB)")
            }
            return o
        case let other?: throw .invalidRequest("metadata must be an object, not \(other.typeName)")
        }
    }
}

/// Where a webhook goes: an http or https URL.
public enum WebhookURL {
    /// The one rule, which the OpenAPI document states too: http or https, a host of letters,
    /// digits, dots and hyphens, an optional port, then any printable ASCII (path and query).
    public static let pattern = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[!-~]*)?$"
    private static let regex = try! NSRegularExpression(pattern: pattern)

    public static func validate(_ s: String, field: String = "webhook_url") throws(APIError) {
        let range = NSRange(s.startIndex..., in: s)
        guard s.count <= CreateJobRequest.maximumURLLength, regex.firstMatch(in: s, range: range) != nil else {
            throw .invalidRequest("\(field) must be an http:// or https:// URL of at most \(CreateJobRequest.maximumURLLength) characters")
        }
    }

    /// An optional `webhook_url` field.
    static func parse(_ value: JSONValue?) throws(APIError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?:
            try validate(s)
            return s
        case let other?: throw .invalidRequest("webhook_url must be a string URL, not \(other.typeName)")
        }
    }
}

/// The URLs a job may read from.
public enum InputURL {
    public static let schemes = ["http", "https", "s3"]

    public static func validate(_ s: String) throws(APIError) {
        guard s.utf8.count <= CreateJobRequest.maximumURLLength else {
            throw .invalidInput("input is longer than \(CreateJobRequest.maximumURLLength) characters")
        }
        // URLComponents takes a NUL or an escape character; the fetcher and the log must not.
        guard !s.containsControlCharacter else {
            throw .invalidInput("input must not contain control characters; percent-encode them")
        }
        guard !s.contains(where: { $0.isWhitespace }), let components = URLComponents(string: s),
            let scheme = components.scheme?.lowercased()
        else {
            throw .invalidInput("input must be an http://, https:// or s3:// URL")
        }
        guard schemes.contains(scheme) else {
            throw .invalidInput("input scheme '\(scheme)' is not supported; use http://, https:// or s3://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidInput(scheme == "s3" ? "input must name a bucket: s3://bucket/key" : "input must name a host: \(scheme)://host/path")
        }
        if scheme == "s3", components.path.count <= 1 {
            throw .invalidInput("input must name an object: s3://bucket/key")
        }
    }
}

/// The destinations a job may write to.
public enum OutputURL {
    /// What a key may use (`S3KeyTemplate` fills them in); a workflow step's `output` also `{ref}`.
    public static let placeholders = ["id", "date", "filename", "ext"]

    public static func validate(_ s: String, placeholders: [String] = placeholders) throws(APIError) {
        guard s.utf8.count <= CreateJobRequest.maximumURLLength, !s.contains(where: { $0.isWhitespace }),
            !s.containsControlCharacter,
            let components = URLComponents(string: s), components.scheme?.lowercased() == "s3",
            let bucket = components.host, !bucket.isEmpty, components.path.count > 1
        else {
            throw .invalidRequest("output must be an s3:// URL naming a bucket and a key, like s3://my-bucket/videos/{id}.mp4")
        }
        // `{reff}` would otherwise be written into the key as it stands.
        if let misuse = misusedBrace(in: s, placeholders: placeholders) {
            let known = placeholders.map { "{\($0)}" }
            let list = "\(known.dropLast().joined(separator: ", ")) and \(known.last!)"
            switch misuse {
            case .unknown(let name): throw .invalidRequest("output uses {\(name)}, which is no placeholder; a key may use \(list)")
            case .stray: throw .invalidRequest("output has a brace outside a placeholder; braces in a key only make \(list)")
            }
        }
    }

    enum BraceMisuse: Equatable {
        /// `{name}` with a name that is not a placeholder.
        case unknown(String)
        /// A `{` without its `}`, or a `}` without its `{`.
        case stray
    }

    /// The first brace of `s` that is not part of one of `placeholders`.
    static func misusedBrace(in s: String, placeholders: [String]) -> BraceMisuse? {
        var rest = Substring(s)
        while let brace = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[brace] == "{" else { return .stray }
            let inside = rest[rest.index(after: brace)...]
            guard let close = inside.firstIndex(where: { $0 == "{" || $0 == "}" }), inside[close] == "}" else { return .stray }
            let name = String(inside[..<close])
            guard placeholders.contains(name) else { return name.isEmpty ? .stray : .unknown(name) }
            rest = inside[inside.index(after: close)...]
        }
        return nil
    }
}
