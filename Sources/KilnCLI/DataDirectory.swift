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

    func openStore() throws -> SQLiteJobStore {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return try SQLiteJobStore(path: databasePath)
    }
}
