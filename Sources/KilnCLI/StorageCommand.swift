import ArgumentParser
import Foundation
import KilnCore
import KilnStorage

/// `kiln storage cp`: copies one file to or from S3-compatible storage with the settings
/// `--storage` and `s3://` paths use, to check them (and to measure the client).
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Copy files to and from S3-compatible storage with Kiln's own client.",
        subcommands: [Copy.self]
    )

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cp",
            abstract: "Copy a local file to s3://bucket/key, or an object to a local file.",
            discussion: """
                Credentials and endpoint come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION,
                AWS_ENDPOINT_URL and KILN_S3_FORCE_PATH_STYLE=1.
                Example:
                  kiln storage cp ./talk.mp4 s3://media/uploads/talk.mp4
                """
        )
        @Argument(help: "A local file or s3://bucket/key.") var source: String
        @Argument(help: "s3://bucket/key or a local file.") var destination: String

        func run() async throws {
            guard let store = EnvironmentS3.store(ProcessInfo.processInfo.environment) else {
                throw UsageError("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL for a non-AWS server)")
            }
            do {
                switch (S3Location(source), S3Location(destination)) {
                case (nil, let target?):
                    guard FileManager.default.isReadableFile(atPath: source) else { throw UsageError("cannot read \(source)") }
                    let type = MediaTypes.forExtension((source as NSString).pathExtension) ?? "application/octet-stream"
                    try await store.upload(file: source, to: target, contentType: type)
                case (let origin?, nil):
                    _ = try await store.download(origin, to: destination, maximumBytes: .max)
                default:
                    throw UsageError("one side must be s3://bucket/key and the other a local file")
                }
            } catch let error as S3Error {
                Console.error("error: \(error.message)")
                throw ExitCode.failure
            }
        }
    }
}
