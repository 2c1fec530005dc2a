import Crypto
import Foundation
import KilnStorage

enum KilnStorageTestHooks {
    static func store(endpoint: String) -> S3Store {
        S3Store(endpoint: endpoint, region: "us-east-1", accessKeyID: "test", secretAccessKey: "test", forcePathStyle: true)
    }

    static func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }
}
