import ArgumentParser
import Foundation
import KilnPipeline
import KilnStorage

/// Where a server or worker keeps the results of jobs without an `output`.
struct StorageOptions: ParsableArguments {
    @Option(help: """
        Keep results in s3://bucket/prefix instead of the data directory (env KILN_STORAGE); the \
        bucket is reached with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL \
        and KILN_S3_FORCE_PATH_STYLE=1.
        """)
    var storage: String?

    /// The configured storage: the bucket, or `files` on this disk.
    func results(files: LocalStore, environment: [String: String]) throws -> ResultStorage {
        guard let url = storage ?? environment["KILN_STORAGE"], !url.isEmpty else { return .local(files) }
        guard url.hasPrefix("s3://") else {
            throw ValidationError("--storage must be an s3://bucket/prefix URL (results stay in the data directory without it)")
        }
        guard let store = EnvironmentS3.store(environment) else {
            throw ValidationError("--storage \(url) needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL for a non-AWS server)")
        }
        guard let results = ResultStorage.s3(store, url: url) else {
            throw ValidationError("--storage must be an s3://bucket/prefix URL")
        }
        return results
    }
}
