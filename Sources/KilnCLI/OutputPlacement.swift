import Foundation
import KilnCore

/// Where a command puts its result: `-o` as given (a file, or a directory for a folder result or
/// when it names one), or beside the input with the result's extension (`<stem>-<folder>` for a folder).
enum OutputPlacement {
    /// The folder a step's result is (HLS, a thumbnail track), moved and downloaded whole; nil for one file.
    static func folder(kind: StepKind, options: JSONObject) -> String? {
        if kind == .adaptiveVideo { return "hls" }
        if kind == .image, let interval = options["interval"], interval != .null { return "thumbnails" }
        return nil
    }

    /// The destination for a produced file, or a folder result (HLS, a thumbnail track: `folder`
    /// names its kind), named `producedName`.
    static func destination(for producedName: String, output: String?, inputPath: String?, inputURL: String, folder: String?) -> String {
        let isDirectory = folder != nil
        let fileManager = FileManager.default
        if let output {
            var directory: ObjCBool = false
            let existsAsDirectory = fileManager.fileExists(atPath: output, isDirectory: &directory) && directory.boolValue
            if isDirectory || existsAsDirectory || output.hasSuffix("/") {
                return isDirectory ? output : (output as NSString).appendingPathComponent(producedName)
            }
            return output
        }
        let directory = inputPath.map { FilePaths.parent(of: $0) } ?? fileManager.currentDirectoryPath
        let inputStem = ((inputPath ?? URL(string: inputURL)?.lastPathComponent ?? "output") as NSString).lastPathComponent
        let stem = (inputStem as NSString).deletingPathExtension.isEmpty ? "output" : (inputStem as NSString).deletingPathExtension
        if let kind = folder { return (directory as NSString).appendingPathComponent("\(stem)-\(kind)") }
        // Everything after the produced name's stem (which has no dot): `mp4`, or `nsfw.json`.
        let ext = producedName.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? (producedName as NSString).pathExtension
        var candidate = (directory as NSString).appendingPathComponent("\(stem).\(ext)")
        if let inputPath, URL(fileURLWithPath: candidate).standardizedFileURL.path == URL(fileURLWithPath: inputPath).standardizedFileURL.path {
            candidate = (directory as NSString).appendingPathComponent("\(stem)-kiln.\(ext)")
        }
        return candidate
    }

    /// `-o` as given, refused before anything runs when it names nothing.
    static func check(_ output: String?) throws {
        if output?.isEmpty == true { throw UsageError("-o needs a path (a file or a directory) or an s3:// URL") }
    }

    /// A result that could not be put where it was to go: the path and the system's reason,
    /// not Foundation's dump of its error (which names the scratch folder too).
    struct Failure: ReportedError {
        let description: String
        var exitStatus: Int32 { 1 }

        init(_ destination: String, _ error: any Error) {
            description = "cannot write the result to \(destination): \(SystemReason.of(error))"
        }
    }

    /// Moves a produced file or directory to `destination`, replacing what is there.
    static func move(_ source: String, to destination: String) throws(Failure) {
        do {
            try replace(destination, with: source)
        } catch {
            throw Failure(destination, error)
        }
    }

    private static func replace(_ destination: String, with source: String) throws {
        let fileManager = FileManager.default
        let parent = FilePaths.parent(of: destination)
        var parentIsDirectory: ObjCBool = false
        // mkdir's reason for a file in the way would be "File exists".
        if fileManager.fileExists(atPath: parent, isDirectory: &parentIsDirectory), !parentIsDirectory.boolValue { throw POSIXError(.ENOTDIR) }
        if !parent.isEmpty { try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue {
            try fileManager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            for item in try fileManager.contentsOfDirectory(atPath: source) {
                let target = (destination as NSString).appendingPathComponent(item)
                try? fileManager.removeItem(atPath: target)
                try fileManager.moveItem(atPath: (source as NSString).appendingPathComponent(item), toPath: target)
            }
        } else {
            try? fileManager.removeItem(atPath: destination)
            try fileManager.moveItem(atPath: source, toPath: destination)
        }
    }

    /// Moves what the local pipeline published at `produced` to where the user asked, and returns
    /// the result's path (for a folder, its primary file: it moves with the whole folder).
    static func deliver(_ produced: String, folder: String?, output: String?, inputPath: String?, inputURL: String) throws -> String {
        let isDirectory = folder != nil
        let name = (produced as NSString).lastPathComponent
        let source = isDirectory ? FilePaths.parent(of: produced) : produced
        let target = destination(for: name, output: output, inputPath: inputPath, inputURL: inputURL, folder: folder)
        try move(source, to: target)
        let result = isDirectory ? (target as NSString).appendingPathComponent(name) : target
        return URL(fileURLWithPath: result).standardizedFileURL.path
    }
}
