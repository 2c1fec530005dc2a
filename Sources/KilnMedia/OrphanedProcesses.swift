import Foundation

/// ffmpeg runs in a session of its own so a cancel can kill everything it started; the price is
/// that it outlives a server that is killed outright (`kill -9`, a crash). A server starting on
/// the same data directory ends those leftovers, found by the scratch path in their arguments.
public enum OrphanedProcesses {
    /// Sends SIGKILL to every ffmpeg or ffprobe whose arguments mention `scratchRoot`; returns their pids.
    @discardableResult
    public static func kill(under scratchRoot: String) -> [Int32] {
        let marker = scratchRoot.hasSuffix("/") ? scratchRoot : scratchRoot + "/"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var killed: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid(),
                let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !raw.isEmpty
            else { continue }
            let arguments = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let program = (arguments.first.map { ($0 as NSString).lastPathComponent }) ?? ""
            guard program == "ffmpeg" || program == "ffprobe", arguments.contains(where: { $0.hasPrefix(marker) }) else { continue }
            if Foundation.kill(pid, SIGKILL) == 0 { killed.append(pid) }
        }
        return killed
    }
}
