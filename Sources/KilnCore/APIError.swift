/// The error a client sees: `{"kind": "...", "message": "..."}` with an HTTP status.
/// Messages say what to do about it and never carry internals (paths, stack traces).
public struct APIError: Error, Sendable, Equatable {
    public let kind: String
    public let message: String
    public let httpStatus: Int

    public init(_ kind: String, _ message: String, status: Int = 400) {
        self.kind = kind
        self.message = message
        self.httpStatus = status
    }

    public var json: JSONValue {
        ["kind": .string(kind), "message": .string(message)]
    }

    public static func invalidRequest(_ message: String) -> APIError { APIError("invalid_request", message) }
    public static func invalidOption(_ message: String) -> APIError { APIError("invalid_option", message) }
    public static func invalidFormat(_ message: String) -> APIError { APIError("invalid_format", message) }
    public static func invalidCodec(_ message: String) -> APIError { APIError("invalid_codec", message) }
    public static func invalidInput(_ message: String) -> APIError { APIError("invalid_input", message) }

    public static let inputRequired = APIError("input_required", "input is required: an http://, https:// or s3:// URL of the media to process")
    /// A kind this server knows but cannot run: the engine or model it needs is not installed.
    public static func kindUnavailable(_ kind: StepKind, missing: String) -> APIError {
        APIError("kind_unavailable", "\(kind.rawValue) is not available on this server: it needs \(missing)")
    }

    public static let tokenMissing = APIError("token_missing", "send your API key as 'Authorization: Bearer <key>'", status: 401)
    public static let tokenInvalid = APIError("token_invalid", "the API key is not valid or has been revoked", status: 401)
    public static let jobNotFound = APIError("job_not_found", "no job with this id in your project", status: 404)
    public static let taskNotFound = APIError("task_not_found", "no task with this id in your project", status: 404)

    public static let endpointNotFound = APIError("endpoint_not_found", "no webhook endpoint with this id in your project", status: 404)
    public static let eventNotFound = APIError("event_not_found", "no event with this id in your project", status: 404)
    public static let connectionNotFound = APIError("connection_not_found", "no connection with this id in your project", status: 404)
    /// `field` (`output`, `workflow[1].output` …) names an s3:// destination and the project has no connection.
    public static func connectionRequired(_ field: String) -> APIError {
        APIError(
            "connection_required",
            "\(field) is an s3:// destination, which needs a storage connection: create one with POST /connections (or name one in connection_id)"
        )
    }

    public static func jobNotCancellable(_ status: JobStatus) -> APIError {
        APIError("job_not_cancellable", "the job has already \(status.rawValue); only queued or processing jobs can be cancelled", status: 409)
    }

    public static func taskNotCancellable(_ status: TaskStatus) -> APIError {
        APIError("task_not_cancellable", "the task has already \(status.rawValue); only unfinished tasks can be cancelled", status: 409)
    }
    public static let notFound = APIError("not_found", "no such route; see GET /openapi.json for the routes", status: 404)
    public static let idempotencyKeyReused = APIError(
        "idempotency_key_reused",
        "this Idempotency-Key was used with a different request body in the last 24 hours; use a new key",
        status: 409
    )
    public static let payloadTooLarge = APIError("payload_too_large", "the request body is larger than 1 MiB", status: 413)
    public static let fileNotFound = APIError("not_found", "no such file; outputs are published at /files/<job or task id>/<name>", status: 404)
    public static let invalidPath = APIError(
        "invalid_request", "the path has a control character or a malformed percent-encoding; percent-encode it as UTF-8"
    )

    public static func rangeNotSatisfiable(size: Int64) -> APIError {
        APIError("range_not_satisfiable", "the requested range is outside the file's \(size) bytes", status: 416)
    }
    public static let internalError = APIError("internal_error", "something went wrong on the server; try again", status: 500)

    public static func methodNotAllowed(_ method: String, allowed: [String]) -> APIError {
        APIError("method_not_allowed", "\(method) is not allowed here; use \(allowed.joined(separator: ", "))", status: 405)
    }
}

/// A failure recorded on a task and its job while running (`error` of the task and job objects).
public struct RunError: Error, Sendable, Equatable, Hashable {
    public let kind: String
    public let message: String

    public init(_ kind: String, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var json: JSONValue {
        ["kind": .string(kind), "message": .string(message)]
    }

    public init?(json: JSONValue) {
        guard let kind = json["kind"]?.stringValue, let message = json["message"]?.stringValue else { return nil }
        self.init(kind, message)
    }
}
