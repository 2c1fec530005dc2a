import Foundation
import KilnCore
import KilnStorage

/// S3 settings from the standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
/// AWS_REGION or AWS_DEFAULT_REGION, AWS_ENDPOINT_URL) and KILN_S3_FORCE_PATH_STYLE=1 for MinIO
/// and the like: what the command line's local mode and `--storage` use.
enum EnvironmentS3 {
    static func store(_ environment: [String: String]) -> S3Store? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else { return nil }
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? ConnectionChanges.defaultRegion
        return S3Store(
            endpoint: environment["AWS_ENDPOINT_URL"] ?? ConnectionChanges.awsEndpoint(region: region), region: region,
            accessKeyID: key, secretAccessKey: secret,
            forcePathStyle: ["1", "true", "yes"].contains(environment["KILN_S3_FORCE_PATH_STYLE"]?.lowercased() ?? "")
        )
    }
}
