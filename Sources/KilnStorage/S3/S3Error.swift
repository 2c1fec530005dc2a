import Foundation

/// Why an S3 request failed, in words that name the cause. `message` never carries the secret, a
/// server path or a Swift type name. Whether it is the input's or the export's fault depends on
/// what the store was doing (KilnPipeline's `RunFailure` decides).
public enum S3Error: Error, Sendable, Equatable {
    case bucketMissing(bucket: String, endpoint: String)
    /// The storage does not know the access key id.
    case unknownAccessKeyID
    /// The storage refused the secret access key (the signature does not match).
    case secretRefused
    /// Access denied for another reason; `code` is the storage's error code ("" when none).
    case accessDenied(url: String, code: String)
    /// `reason` is in plain words (`NetworkFailure.describe`).
    case endpointUnreachable(endpoint: String, reason: String)
    /// The connection's endpoint is not a URL.
    case invalidEndpoint
    case objectMissing(url: String)
    case tooLarge(limit: Int64)
    /// The local file to upload cannot be read; `reason` in plain words.
    case fileUnreadable(reason: String)
    /// A download cannot be written to this server's disk.
    case cannotStoreDownload
    /// The transfer stopped part way; `reason` in plain words.
    case interrupted(reason: String)
    /// The storage answered something this client cannot use, e.g. a multipart upload without an id.
    case unexpectedAnswer(String)
    /// Any other refusal; `code` is the storage's error code ("" when none).
    case status(Int, code: String)

    public var message: String {
        switch self {
        case .bucketMissing(let bucket, let endpoint): "the bucket '\(bucket)' does not exist at \(endpoint)"
        case .unknownAccessKeyID: "the storage does not know the connection's access key id"
        case .secretRefused: "the storage refused the connection's secret access key (signature does not match)"
        case .accessDenied(let url, let code):
            "access denied to \(url): check the connection's access key and secret\(code.isEmpty ? "" : " (\(code))")"
        case .endpointUnreachable(let endpoint, let reason): "could not reach the storage at \(endpoint): \(reason)"
        case .invalidEndpoint: "the connection's endpoint is not a URL"
        case .objectMissing(let url): "\(url) does not exist"
        case .tooLarge(let limit): "the input is larger than the limit of \(limit) bytes"
        case .fileUnreadable(let reason): "cannot read the file to upload: \(reason)"
        case .cannotStoreDownload: "cannot store the download on this server"
        case .interrupted(let reason): "the transfer with the storage stopped part way: \(reason)"
        case .unexpectedAnswer(let what): what
        case .status(let status, let code): "the storage answered \(status)\(code.isEmpty ? "" : " \(code)")"
        }
    }
}

extension S3Error: CustomStringConvertible, LocalizedError {
    public var description: String { message }
    public var errorDescription: String? { message }
}
