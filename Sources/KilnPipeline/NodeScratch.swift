import Foundation
import KilnCore
import KilnMedia
import Logging

/// The scratch folder of one node among several sharing a data directory (`kiln worker` and
/// `kiln serve --database`): `<scratch>/<node id>`, held with a lock for the life of the
/// process. A folder whose lock nobody holds belonged to a node that died; the first node to
/// start after it ends that node's encoders and removes the folder.
public final class NodeScratch: Sendable {
    public let path: String
    private let descriptor: Int32

    public init(root: String, nodeID: String) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        path = (root as NSString).appendingPathComponent(nodeID)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        descriptor = open(path + "/.node.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: path])
        }
    }

    deinit { close(descriptor) }

    /// Takes this node's folder and cleans up after dead nodes, saying so in the log.
    public static func claim(root: String, nodeID: String, logger: Logger) throws -> NodeScratch {
        let scratch = try NodeScratch(root: root, nodeID: nodeID)
        let ended = scratch.reclaimAbandoned()
        if ended > 0 { logger.warning("ended \(ended) encoder(s) left running by a node that was killed") }
        return scratch
    }

    /// Cleans up after nodes that died: returns how many encoders were ended.
    func reclaimAbandoned() -> Int {
        let root = FilePaths.parent(of: path)
        var ended = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let folder = (root as NSString).appendingPathComponent(name)
            guard folder != path else { continue }
            let lock = open(folder + "/.node.lock", O_RDWR | O_CLOEXEC)
            guard lock >= 0 else { continue }
            defer { close(lock) }
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { continue }  // alive
            ended += OrphanedProcesses.kill(under: folder).count
            try? FileManager.default.removeItem(atPath: folder)
        }
        return ended
    }
}
