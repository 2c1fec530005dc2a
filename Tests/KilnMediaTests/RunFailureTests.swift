import Foundation
import KilnCore
import KilnMedia
import KilnPipeline
import KilnStorage
import Testing

/// The one mapping from the lower layers' errors to the documented kinds, and messages that a
/// client may read: no Swift type names, no server paths, no secrets.
@Suite struct RunFailureTests {
    struct Row {
        let error: any Error
        let stage: FailureStage
        let kind: String
    }

    static let fetchErrors: [(FetchError, String)] = [
        (.unreadableURL, "input_unreachable"),
        (.noHost, "input_unreachable"),
        (.unresolvable(host: "example.invalid"), "input_unreachable"),
        (.unreachable(host: "example.com", reason: "the connection was refused"), "input_unreachable"),
        (.interrupted(reason: "the server closed the connection"), "input_unreachable"),
        (.forbidden(host: "intranet", address: "10.0.0.1"), "input_forbidden"),
        (.tooManyRedirects(limit: 5), "input_unreachable"),
        (.badRedirect, "input_unreachable"),
        (.status(code: 404, reason: "Not Found"), "input_unreachable"),
        (.tooLarge(bytes: 30, limit: 20), "input_too_large"),
        (.tooLarge(bytes: nil, limit: 20), "input_too_large"),
        (.localFileUnreadable(name: "clip.mov"), "input_unreachable"),
        (.cannotStore, "input_unreachable"),
        (.noLongerStored(url: "http://kiln.example/files/job_1/video.mp4"), "input_unreachable"),
    ]

    static let s3Errors: [S3Error] = [
        .bucketMissing(bucket: "media", endpoint: "http://127.0.0.1:9000"),
        .unknownAccessKeyID,
        .secretRefused,
        .accessDenied(url: "s3://media/a.mp4", code: "AccessDenied"),
        .accessDenied(url: "s3://media/a.mp4", code: ""),
        .endpointUnreachable(endpoint: "http://127.0.0.1:9000", reason: "the connection timed out"),
        .invalidEndpoint,
        .objectMissing(url: "s3://media/a.mp4"),
        .tooLarge(limit: 20),
        .fileUnreadable(reason: "it shrank while it was sent"),
        .cannotStoreDownload,
        .interrupted(reason: "the server closed the connection"),
        .unexpectedAnswer("the storage did not start a multipart upload"),
        .status(500, code: "InternalError"),
        .status(418, code: ""),
    ]

    static let mediaErrors: [(MediaError, String)] = [
        (.notMedia(reason: ""), "input_not_media"),
        (.notMedia(reason: "input: Invalid data found when processing input"), "input_not_media"),
        (.unsupported("an audio job needs an input with an audio track; this video has none"), "unsupported_media"),
        (.encodeFailed("ffmpeg failed: Unknown encoder 'libfoo'"), "encode_failed"),
        (.startPastEnd(start: 11, duration: 10, source: "input"), "encode_failed"),
    ]

    struct Unexpected: Error {}

    static var rows: [Row] {
        var rows = fetchErrors.map { Row(error: $0.0, stage: .fetchingInput, kind: $0.1) }
        for error in s3Errors {
            if case .tooLarge = error {
                rows.append(Row(error: error, stage: .fetchingInput, kind: "input_too_large"))
            } else {
                rows.append(Row(error: error, stage: .fetchingInput, kind: "input_unreachable"))
            }
            rows.append(Row(error: error, stage: .publishing, kind: "export_failed"))
            rows.append(Row(error: error, stage: .uploading, kind: "export_failed"))
        }
        for (error, kind) in mediaErrors {
            rows.append(Row(error: error, stage: .probing, kind: kind))
            rows.append(Row(error: error, stage: .encoding, kind: kind))
        }
        rows.append(Row(error: LocalPublishError(detail: "rename failed under /tmp/kiln/results"), stage: .publishing, kind: "export_failed"))
        for stage: FailureStage in [.fetchingInput, .probing, .encoding, .publishing, .uploading] {
            rows.append(Row(error: Unexpected(), stage: stage, kind: "internal_error"))
            rows.append(Row(error: CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "/tmp/kiln/x"]), stage: stage, kind: "internal_error"))
            rows.append(Row(error: RunError("connection_required", "there is no storage connection"), stage: stage, kind: "connection_required"))
        }
        return rows
    }

    static let forbidden = ["Error.", "Error(", "NIO", "/tmp", "Optional(", "Swift", "Kiln", "HTTPClient", "SocketAddress", "errno"]

    static func expectPlain(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!message.isEmpty, sourceLocation: sourceLocation)
        for word in forbidden {
            #expect(!message.contains(word), "\(message) contains \(word)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyErrorHasItsDocumentedKindAndAPlainMessage() {
        for row in Self.rows {
            let mapped = RunFailure.runError(for: row.error, during: row.stage)
            #expect(mapped.kind == row.kind, "\(row.error) during \(row.stage)")
            Self.expectPlain(mapped.message)
        }
    }

    @Test func aRunErrorPassesThroughAndAnythingElseIsInternal() {
        let required = RunError("connection_required", "an s3:// input needs a storage connection")
        #expect(RunFailure.runError(for: required, during: .fetchingInput) == required)
        let unknown = RunFailure.runError(for: Unexpected(), during: .encoding)
        #expect(unknown == RunError("internal_error", "an unexpected error stopped this task; the server log has details"))
    }

    @Test func theCredentialMessagesKeepTheirWording() {
        #expect(S3Error.unknownAccessKeyID.message.contains("access key id"))
        #expect(S3Error.secretRefused.message.contains("secret access key"))
        #expect(S3Error.bucketMissing(bucket: "missing-bucket", endpoint: "http://s3").message.contains("missing-bucket"))
    }

    // MARK: real failures, through the real clients

    /// The error `body` throws, mapped as the runner maps it.
    static func failure(during stage: FailureStage, _ body: () async throws -> Void) async -> RunError? {
        do {
            try await body()
            return nil
        } catch {
            return RunFailure.runError(for: error, during: stage)
        }
    }

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-run-failure-\(UUID().uuidString)").path
    let limits = InputFetcher.Limits(connectTimeout: .seconds(1), readTimeout: .seconds(1))

    @Test func anUnknownHostIsNamedInPlainWords() async throws {
        let client = InputFetcher.makeClient(limits: limits)
        let fetcher = InputFetcher(policy: AddressPolicy(allowPrivate: true), limits: limits, httpClient: client)
        let failure = await Self.failure(during: .fetchingInput) { _ = try await fetcher.fetch("http://nonexistent.invalid/x.mp4", to: scratch) }
        try await client.shutdown()
        let error = try #require(failure)
        #expect(error.kind == "input_unreachable")
        #expect(error.message == "could not fetch the input from nonexistent.invalid: the host nonexistent.invalid could not be resolved")
        Self.expectPlain(error.message)
    }

    @Test func theGuardNamesAnUnresolvableHostToo() async throws {
        let client = InputFetcher.makeClient(limits: limits)
        let fetcher = InputFetcher(policy: AddressPolicy(), limits: limits, httpClient: client)
        let failure = await Self.failure(during: .fetchingInput) { _ = try await fetcher.fetch("http://nonexistent.invalid/x.mp4", to: scratch) }
        try await client.shutdown()
        #expect(failure == RunError("input_unreachable", "could not resolve the input's host nonexistent.invalid"))
    }

    @Test func aRefusedConnectionAndAMissingLocalFileSayWhatHappened() async throws {
        let client = InputFetcher.makeClient(limits: limits)
        let fetcher = InputFetcher(policy: AddressPolicy(allowPrivate: true), limits: limits, allowsLocalFiles: true, httpClient: client)
        // Nothing listens on port 1 of the loopback address.
        let refused = await Self.failure(during: .fetchingInput) { _ = try await fetcher.fetch("http://127.0.0.1:1/x.mp4", to: scratch) }
        let missing = await Self.failure(during: .fetchingInput) { _ = try await fetcher.fetch("file://\(scratch)-missing.mp4", to: scratch) }
        try await client.shutdown()
        #expect(refused == RunError("input_unreachable", "could not fetch the input from 127.0.0.1: the connection was refused"))
        #expect(missing?.kind == "input_unreachable")
        for message in [refused?.message, missing?.message] { Self.expectPlain(message ?? "") }
    }

    @Test func anUnreachableStorageHidesTheSecretAndDependsOnTheStage() async throws {
        let client = InputFetcher.makeClient(limits: limits)
        let store = S3Store(
            endpoint: "http://someone:very-secret-value@127.0.0.1:1", region: "us-east-1", accessKeyID: "key", secretAccessKey: "very-secret-value",
            forcePathStyle: true, httpClient: client, clock: KilnClock { 1_700_000_000_000 }
        )
        let location = S3Location(bucket: "media", key: "a.mp4")
        let fetching = await Self.failure(during: .fetchingInput) { _ = try await store.download(location, to: scratch, maximumBytes: 10) }
        let file = scratch + "-upload.txt"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: file))
        let uploading = await Self.failure(during: .uploading) { try await store.upload(file: file, to: location, contentType: "text/plain") }
        let unreadable = await Self.failure(during: .publishing) { try await store.upload(file: scratch + "-missing", to: location, contentType: "text/plain") }
        try? FileManager.default.removeItem(atPath: file)
        try await client.shutdown()
        #expect(fetching == RunError("input_unreachable", "could not reach the storage at http://127.0.0.1:1: the connection was refused"))
        #expect(uploading?.kind == "export_failed" && uploading?.message == fetching?.message)
        #expect(unreadable?.kind == "export_failed")
        for message in [fetching?.message, uploading?.message, unreadable?.message] {
            Self.expectPlain(message ?? "")
            #expect(message?.contains("very-secret-value") == false)
        }
    }
}
