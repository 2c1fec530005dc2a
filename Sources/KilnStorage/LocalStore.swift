import Foundation
import KilnCore

/// Published outputs on the local disk, served by the API under `/files/…`. Publishing is a
/// rename within one file system, so a reader sees nothing or the whole result.
public struct LocalStore: Sendable {
    public let root: String
    public let publicURL: String

    public init(root: String, publicURL: String) {
        self.root = root
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// Moves `source` (a file or a directory) to `key` (e.g. `job_…/video.mp4`) and returns its URL.
    public func publish(_ source: String, key: String) throws(LocalPublishError) -> String {
        let destination = path(for: key)
        let parent = FilePaths.parent(of: destination)
        // Foundation's errors name this server's paths: they go to the log only.
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            // A re-run of a job replaces what an earlier, interrupted run published.
            let staging = parent + "/.publishing-" + UUID().uuidString
            try FileManager.default.moveItem(atPath: source, toPath: staging)
            if FileManager.default.fileExists(atPath: destination) {
                try FileManager.default.removeItem(atPath: destination)
            }
            guard rename(staging, destination) == 0 else {
                let failure = errno
                try? FileManager.default.removeItem(atPath: staging)
                throw LocalPublishError(detail: "rename failed: \(String(cString: strerror(failure)))")
            }
        } catch let error as LocalPublishError {
            throw error
        } catch {
            throw LocalPublishError(detail: "\(error)")
        }
        return url(for: key)
    }

    public func path(for key: String) -> String {
        (root as NSString).appendingPathComponent(key)
    }

    public func url(for key: String) -> String {
        publicURL + "/files/" + key.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
    }

    /// Removes everything published under `prefix` (a job's files).
    public func remove(prefix: String) {
        try? FileManager.default.removeItem(atPath: path(for: prefix))
    }

    /// The key of a URL this store handed out, or nil when the URL is not one of ours.
    public func key(forURL url: String) -> String? {
        let prefix = publicURL + "/files/"
        guard url.hasPrefix(prefix) else { return nil }
        let key = String(url.dropFirst(prefix.count)).removingPercentEncoding ?? ""
        guard !key.isEmpty, !key.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return key
    }

    /// Whether a published file exists under `key`.
    public func exists(key: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(for: key), isDirectory: &directory) && !directory.boolValue
    }
}

/// Publishing on this server's disk failed. `message` is for clients; `detail` may name server
/// paths and is for the server log only.
public struct LocalPublishError: Error, Sendable, Equatable {
    public var detail: String

    public init(detail: String) { self.detail = detail }

    public var message: String { "the output could not be stored on this server" }
}
