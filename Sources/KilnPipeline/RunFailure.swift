import KilnCore
import KilnMedia
import KilnStorage

/// What a task was doing when it failed. A storage error is the input's fault while fetching it
/// and the export's afterwards, so the stage decides its kind.
public enum FailureStage: Sendable, Equatable {
    case fetchingInput, probing, encoding, publishing, uploading
}

/// The one mapping from the lower layers' typed errors to the documented error kinds (README,
/// "Errors while running"). The switches are exhaustive so that a new case has to pick its kind.
public enum RunFailure {
    public static let unexpected = RunError("internal_error", "an unexpected error stopped this task; the server log has details")

    /// The documented error of a task that failed with `error` during `stage`; `internal_error`
    /// (message: "an unexpected error stopped this task; the server log has details") for anything unknown.
    public static func runError(for error: any Error, during stage: FailureStage) -> RunError {
        switch error {
        case let known as RunError: known
        case let fetch as FetchError: RunError(kind(of: fetch), fetch.message)
        case let s3 as S3Error: RunError(kind(of: s3, during: stage), s3.message)
        case let media as MediaError: RunError(kind(of: media), media.message)
        case let publish as LocalPublishError: RunError("export_failed", publish.message)
        default: unexpected
        }
    }

    static func kind(of error: FetchError) -> String {
        switch error {
        case .forbidden: "input_forbidden"
        case .tooLarge: "input_too_large"
        case .unreadableURL, .noHost, .unresolvable, .unreachable, .interrupted, .tooManyRedirects, .badRedirect, .status,
            .localFileUnreadable, .cannotStore, .noLongerStored:
            "input_unreachable"
        }
    }

    static func kind(of error: S3Error, during stage: FailureStage) -> String {
        guard stage == .fetchingInput else { return "export_failed" }
        switch error {
        case .tooLarge: return "input_too_large"
        case .bucketMissing, .unknownAccessKeyID, .secretRefused, .accessDenied, .endpointUnreachable, .invalidEndpoint, .objectMissing,
            .fileUnreadable, .cannotStoreDownload, .interrupted, .unexpectedAnswer, .status:
            return "input_unreachable"
        }
    }

    static func kind(of error: MediaError) -> String {
        switch error {
        case .notMedia: "input_not_media"
        case .unsupported: "unsupported_media"
        case .encodeFailed, .startPastEnd: "encode_failed"
        case .tooManyPixels: "input_too_large"
        }
    }
}
