import Foundation

/// Credentials for the user's own S3-compatible storage. The secret never leaves the store in
/// clear: it is not part of this value's JSON.
public struct Connection: Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var kind: String
    public var name: String
    public var endpoint: String
    public var region: String
    public var accessKeyID: String
    public var isDefault: Bool
    public var forcePathStyle: Bool
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, projectID: String, kind: String = "s3", name: String, endpoint: String, region: String,
        accessKeyID: String, isDefault: Bool, forcePathStyle: Bool, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.name = name
        self.endpoint = endpoint
        self.region = region
        self.accessKeyID = accessKeyID
        self.isDefault = isDefault
        self.forcePathStyle = forcePathStyle
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var json: JSONValue {
        .object(JSONObject([
            JSONField("id", .string(id)),
            JSONField("object", "connection"),
            JSONField("kind", .string(kind)),
            JSONField("name", .string(name)),
            JSONField("endpoint", .string(endpoint)),
            JSONField("region", .string(region)),
            JSONField("access_key_id", .string(accessKeyID)),
            JSONField("is_default", .bool(isDefault)),
            JSONField("force_path_style", .bool(forcePathStyle)),
            JSONField("created_at", .int(createdAt)),
            JSONField("updated_at", .int(updatedAt)),
        ]))
    }
}

extension Connection {
    /// This connection with a `PATCH`'s fields applied (the secret is stored apart).
    public func applying(_ changes: ConnectionChanges, now: Int64) -> Connection {
        var changed = self
        changed.name = changes.name ?? name
        changed.endpoint = changes.endpoint ?? endpoint
        changed.region = changes.region ?? region
        changed.accessKeyID = changes.accessKeyID ?? accessKeyID
        changed.forcePathStyle = changes.forcePathStyle ?? forcePathStyle
        changed.isDefault = changes.isDefault ?? isDefault
        changed.updatedAt = now
        return changed
    }
}

/// A validated `POST /connections` or `PATCH /connections/{id}` body: every field optional for a
/// patch, the required ones checked for a create.
public struct ConnectionChanges: Sendable, Equatable {
    public var name: String?
    public var endpoint: String?
    public var region: String?
    public var accessKeyID: String?
    public var secretAccessKey: String?
    public var isDefault: Bool?
    public var forcePathStyle: Bool?

    public static let fields = ["kind", "name", "endpoint", "region", "access_key_id", "secret_access_key", "is_default", "force_path_style"]
    public static let defaultRegion = "us-east-1"

    public init() {}

    public static func parse(_ body: JSONValue, creating: Bool) throws(APIError) -> ConnectionChanges {
        let object = try RequestBody.object(body, fields: fields)
        switch object["kind"] {
        case nil, .null?:
            if creating { throw APIError("kind_required", "kind is required: \"s3\"") }
        case .string("s3")?: break
        case .string(let other)?: throw APIError("invalid_kind", "kind '\(other)' is not supported; use \"s3\"")
        case let other?: throw .invalidRequest("kind must be a string, not \(other.typeName)")
        }
        // No field can be unset: `null` would read as "keep it" in a patch (or, for the region,
        // quietly reset it), so it is refused in a patch and, to say the same thing, in a create.
        if let null = object.fields.first(where: { $0.value.isNull }) {
            throw .invalidRequest("\(null.key) cannot be null; leave it out to keep its value (or its default)")
        }
        var changes = ConnectionChanges()
        func string(_ name: String, maximum: Int = 2048) throws(APIError) -> String? {
            switch object[name] {
            case nil, .null?: return nil
            case .string(let s)?:
                // Characters as JSON Schema's maxLength counts them (code points), not bytes.
                guard !s.isEmpty, s.unicodeScalars.count <= maximum else { throw .invalidOption("\(name) must be 1 to \(maximum) characters") }
                return s
            case let other?: throw .invalidRequest("\(name) must be a string, not \(other.typeName)")
            }
        }
        func bool(_ name: String) throws(APIError) -> Bool? {
            switch object[name] {
            case nil, .null?: return nil
            case .bool(let b)?: return b
            case let other?: throw .invalidRequest("\(name) must be true or false, not \(other.typeName)")
            }
        }
        changes.name = try string("name", maximum: 200)
        changes.endpoint = try string("endpoint")
        changes.region = try string("region", maximum: 64)
        changes.accessKeyID = try string("access_key_id", maximum: 256)
        changes.secretAccessKey = try string("secret_access_key", maximum: 512)
        changes.isDefault = try bool("is_default")
        changes.forcePathStyle = try bool("force_path_style")
        if let endpoint = changes.endpoint {
            guard endpointRegex.firstMatch(in: endpoint, range: NSRange(endpoint.startIndex..., in: endpoint)) != nil,
                let url = URLParts(endpoint), ["http", "https"].contains(url.scheme), !url.host.isEmpty
            else {
                throw .invalidOption("endpoint must be an http(s) URL, like https://s3.us-east-1.amazonaws.com or http://127.0.0.1:9000")
            }
        }
        if creating {
            guard changes.name != nil else { throw .invalidRequest("name is required") }
            guard changes.accessKeyID != nil else { throw .invalidRequest("access_key_id is required") }
            guard changes.secretAccessKey != nil else { throw .invalidRequest("secret_access_key is required") }
        }
        return changes
    }

    /// The one rule for an endpoint, which the OpenAPI document states too: http(s), a host, an
    /// optional port and a plain path.
    public static let endpointPattern = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$"
    private static let endpointRegex = try! NSRegularExpression(pattern: endpointPattern)

    /// The AWS endpoint of a region, when none is given.
    public static func awsEndpoint(region: String) -> String { "https://s3.\(region).amazonaws.com" }
}

/// The scheme and host of a URL, without Foundation.
struct URLParts {
    let scheme: String
    let host: String

    init?(_ text: String) {
        guard let range = text.range(of: "://") else { return nil }
        scheme = text[..<range.lowerBound].lowercased()
        let rest = text[range.upperBound...]
        host = String(rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" })
    }
}
