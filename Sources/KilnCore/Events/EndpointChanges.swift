/// A validated `POST /webhooks/endpoints` or `PATCH /webhooks/endpoints/{id}` body.
public struct EndpointChanges: Sendable, Equatable {
    public var url: String?
    public var topics: [String]?
    public var description: String?
    public var enabled: Bool?

    public init(url: String? = nil, topics: [String]? = nil, description: String? = nil, enabled: Bool? = nil) {
        self.url = url
        self.topics = topics
        self.description = description
        self.enabled = enabled
    }

    public static let fields = ["url", "topics", "description", "enabled"]

    /// Creating needs `url` and `topics`; `enabled` is for PATCH. `null` is refused where a value is required.
    public static func parse(_ body: JSONValue, creating: Bool) throws(APIError) -> EndpointChanges {
        let object = try RequestBody.object(body, fields: creating ? ["url", "topics", "description"] : fields)
        var changes = EndpointChanges()
        switch object["url"] {
        case nil where !creating: break
        case .string(let s)?:
            try WebhookURL.validate(s, field: "url")
            changes.url = s
        case nil, .null?: throw .invalidRequest("url is required: the http(s) address events are POSTed to")
        case let other?: throw .invalidRequest("url must be a string, not \(other.typeName)")
        }
        switch object["topics"] {
        case nil where !creating: break
        case .array(let items)?:
            var topics: [String] = []
            for item in items {
                guard let topic = item.stringValue, EventTopics.isValid(topic) else {
                    throw .invalidRequest("topics must be event kinds (\(EventTopics.kinds.joined(separator: ", "))), job.*, task.* or *; got \(item.serialized())")
                }
                if !topics.contains(topic) { topics.append(topic) }
            }
            guard !topics.isEmpty else { throw .invalidRequest("topics must name at least one event kind, or * for all") }
            changes.topics = topics
        case nil, .null?: throw .invalidRequest("topics is required: a list of event kinds, job.*, task.* or *")
        case let other?: throw .invalidRequest("topics must be an array of strings, not \(other.typeName)")
        }
        switch object["description"] {
        case nil, .null?: break
        case .string(let s)?:
            guard s.count <= 500 else { throw .invalidRequest("description must be at most 500 characters") }
            changes.description = s
        case let other?: throw .invalidRequest("description must be a string, not \(other.typeName)")
        }
        switch object["enabled"] {
        case nil: break
        case .bool(let b)?: changes.enabled = b
        case let other?: throw .invalidRequest("enabled must be true or false, not \(other.typeName)")
        }
        return changes
    }

    /// The endpoint with these changes; turning it on again forgets why it was turned off.
    public func applied(to endpoint: WebhookEndpoint, now: Int64) -> WebhookEndpoint {
        var next = endpoint
        if let url { next.url = url }
        if let topics { next.topics = topics }
        if let description { next.description = description }
        if let enabled {
            next.enabled = enabled
            if enabled {
                next.disabledReason = nil
                next.failingSince = nil
            }
        }
        next.updatedAt = now
        return next
    }
}
