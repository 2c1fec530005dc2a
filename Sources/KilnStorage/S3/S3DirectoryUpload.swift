import Foundation
import KilnCore

extension S3Store {
    /// Uploads every file under `root` (an HLS folder) to `bucket`, each at `key(relativePath)`.
    /// Playlists go last, so a player never finds one that names a missing segment. Throws `S3Error`.
    public func uploadDirectory(_ root: String, bucket: String, key: (String) -> String) async throws {
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { relative in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        // Uploading nothing would report a result that is not there.
        guard !files.isEmpty else { throw S3Error.fileUnreadable(reason: "the folder to upload is missing or empty") }
        for relative in files.sorted(by: { ($0.hasSuffix(".m3u8") ? 1 : 0, $0) < ($1.hasSuffix(".m3u8") ? 1 : 0, $1) }) {
            try await upload(
                file: root + "/" + relative, to: S3Location(bucket: bucket, key: key(relative)),
                contentType: MediaTypes.forExtension((relative as NSString).pathExtension) ?? "application/octet-stream"
            )
        }
    }
}
