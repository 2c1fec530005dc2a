import Foundation
import KilnCore
import KilnStorage

/// Where a server keeps the results of jobs that name no `output`: its own disk (served under
/// `/files/…`), or a bucket shared by every node (`kiln serve --storage s3://bucket/prefix`).
public enum ResultStorage: Sendable {
    case local(LocalStore)
    /// Results go under `prefix` (a key folder, possibly empty) in `bucket`.
    case s3(S3Store, bucket: String, prefix: String)

    /// Whether results stay on this node's disk.
    var isLocal: Bool {
        if case .local = self { return true }
        return false
    }

    /// Parses `s3://bucket/prefix` (the prefix may be empty).
    public static func s3(_ store: S3Store, url: String) -> ResultStorage? {
        guard url.hasPrefix("s3://") else { return nil }
        let parts = url.dropFirst(5).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bucket = parts.first, !bucket.isEmpty else { return nil }
        var prefix = parts.count > 1 ? String(parts[1]) : ""
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return .s3(store, bucket: String(bucket), prefix: prefix)
    }

    /// Stores `source` (a file, or a folder of files) under `key` (`job_…/video.mp4`) and returns
    /// the URL of `primary` (a path below `key`'s folder, or `key` itself when nil).
    /// Throws `LocalPublishError` or `S3Error`.
    func publish(_ source: String, key: String, primary: String? = nil) async throws -> String {
        switch self {
        case .local(let files):
            _ = try files.publish(source, key: key)
            return files.url(for: primary ?? key)
        case .s3(let store, let bucket, let prefix):
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue {
                try await store.uploadDirectory(source, bucket: bucket) { objectKey(prefix, key + "/" + $0) }
            } else {
                try await store.upload(
                    file: source, to: S3Location(bucket: bucket, key: objectKey(prefix, key)),
                    contentType: MediaTypes.forExtension((source as NSString).pathExtension) ?? "application/octet-stream"
                )
            }
            return S3Location(bucket: bucket, key: objectKey(prefix, primary ?? key)).url
        }
    }

    /// Removes everything published under `key` (a run's id): its folder on this disk, or every
    /// object below it in the bucket.
    func remove(prefix key: String) async {
        switch self {
        case .local(let files):
            files.remove(prefix: key)
        case .s3(let store, let bucket, let prefix):
            guard let keys = try? await store.keys(under: objectKey(prefix, key) + "/", in: bucket), !keys.isEmpty else { return }
            try? await store.delete(keys: keys, in: bucket)
        }
    }

    /// The file on this disk of a result this server published; nil for any other URL, and
    /// `FetchError.noLongerStored` when the result is gone.
    func localPath(forURL url: String) throws(FetchError) -> String? {
        guard case .local(let files) = self, let key = files.key(forURL: url) else { return nil }
        guard files.exists(key: key) else { throw FetchError.noLongerStored(url: url) }
        return files.path(for: key)
    }

    /// The bucket store, when `url` is one of this server's results in it.
    func store(for location: S3Location) -> S3Store? {
        guard case .s3(let store, let bucket, let prefix) = self, location.bucket == bucket,
              prefix.isEmpty || location.key.hasPrefix(prefix + "/") else { return nil }
        return store
    }

    // MARK: Files a run's steps share across nodes

    /// What a run keeps for its steps on other nodes while it lasts: the imported copy of its
    /// input, and the encoded chunks of a chunked encode, which the joining step reads.
    enum SharedFolder: String, Sendable {
        case input = ".input"
        case chunks = ".chunks"
    }

    /// Below the run's folder, in a hidden one that `/files` never serves.
    static func sharedKey(runID: String, _ folder: SharedFolder, name: String) -> String { "\(runID)/\(folder.rawValue)/\(name)" }

    /// Keeps `path` for the run's other steps: a hard link on this disk (a copy across file
    /// systems), an upload to the bucket.
    func keepShared(_ path: String, runID: String, _ folder: SharedFolder, name: String) async throws {
        let key = Self.sharedKey(runID: runID, folder, name: name)
        switch self {
        case .local(let files):
            let destination = files.path(for: key)
            try FileManager.default.createDirectory(atPath: FilePaths.parent(of: destination), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: destination)
            if link(path, destination) != 0 { try FileManager.default.copyItem(atPath: path, toPath: destination) }
        case .s3(let store, let bucket, let prefix):
            try await store.upload(file: path, to: S3Location(bucket: bucket, key: objectKey(prefix, key)), contentType: "application/octet-stream")
        }
    }

    /// A file the run kept: its path on this disk, or downloaded to `destination`. Nil when there is none.
    func shared(runID: String, _ folder: SharedFolder, name: String, downloadingTo destination: String, maximumBytes: Int64) async throws -> String? {
        let key = Self.sharedKey(runID: runID, folder, name: name)
        switch self {
        case .local(let files):
            let path = files.path(for: key)
            return FileManager.default.fileExists(atPath: path) ? path : nil
        case .s3(let store, let bucket, let prefix):
            _ = try await store.download(S3Location(bucket: bucket, key: objectKey(prefix, key)), to: destination, maximumBytes: maximumBytes)
            return destination
        }
    }

    /// Removes what the run kept under `names` in `folder` (the run has ended).
    func removeShared(runID: String, _ folder: SharedFolder, names: [String]) async {
        switch self {
        case .local(let files):
            files.remove(prefix: "\(runID)/\(folder.rawValue)")
        case .s3(let store, let bucket, let prefix):
            try? await store.delete(keys: names.map { objectKey(prefix, Self.sharedKey(runID: runID, folder, name: $0)) }, in: bucket)
        }
    }

    private func objectKey(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : prefix + "/" + key
    }
}
