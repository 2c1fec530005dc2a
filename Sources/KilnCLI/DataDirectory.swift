import Foundation
import KilnStore

/// The data directory: `kiln.sqlite` and, later, files and scratch space.
struct DataDirectory {
    let path: String

    static let defaultPath = "./kiln-data"

    init(_ path: String?) {
        self.path = path ?? ProcessInfo.processInfo.environment["KILN_DATA"] ?? Self.defaultPath
    }

    var databasePath: String { (path as NSString).appendingPathComponent("kiln.sqlite") }
    /// Published outputs, served under /files/.
    var filesPath: String { (path as NSString).appendingPathComponent("files") }
    /// Working directories of running jobs.
    var scratchPath: String { (path as NSString).appendingPathComponent("scratch") }
    /// Where a speech model that ships in parts is put together once.
    var modelsPath: String { (path as NSString).appendingPathComponent("models") }

    /// Makes the directory when it is missing; a path that cannot be one is a usage error that
    /// says why.
    func create() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw UsageError("cannot use the data directory \(path): it is a file")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot use the data directory \(path): \(SystemReason.of(error))")
        }
    }

    func openStore() throws -> SQLiteJobStore {
        try create()
        return try SQLiteJobStore(path: databasePath)
    }
}
