import Foundation
import HTTPTypes
import Hummingbird
import KilnCore

/// `GET /files/<job or task id>/<name>`: published outputs, no key needed (the ids are
/// unguessable). Ranges follow RFC 9110 §14; the media type is that of the stored file's name.
struct FileRoutes {
    let root: String
    private let fileIO = FileIO()

    init(root: String) {
        self.root = root
    }

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/files/**", [.get: get])
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let names = try Self.names(context.parameters.getCatchAll())
        // An output is a file inside a job's (or task's) folder: never the folder itself, never
        // a hidden staging file of a publish in progress.
        guard names.count >= 2, !names.contains(where: { $0.hasPrefix(".") }) else { throw APIError.fileNotFound }
        let path = ([root] + names).joined(separator: "/")
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw APIError.fileNotFound }
        let size = Int64(status.st_size)

        var headers: HTTPFields = [
            .contentType: MediaTypes.forExtension((names[names.count - 1] as NSString).pathExtension) ?? "application/octet-stream",
            .acceptRanges: "bytes",
        ]
        switch RangeRequest(header: request.headers[.range], size: size) {
        case .unsatisfiable:
            var response = Response.error(.rangeNotSatisfiable(size: size))
            response.headers[.contentRange] = "bytes */\(size)"
            return response
        case .part(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            let body = try await fileIO.loadFile(path: path, range: Int(range.lowerBound)...Int(range.upperBound), context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .whole:
            let body = try await fileIO.loadFile(path: path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// The path's segments, percent-decoded; a control character or a malformed encoding is
    /// refused, and a segment that would leave its folder is no file of ours.
    static func names(_ segments: [Substring]) throws(APIError) -> [String] {
        var names: [String] = []
        for segment in segments {
            guard let name = PercentDecoding.decode(segment), !name.containsControlCharacter else {
                throw .invalidPath
            }
            guard name != ".", name != "..", !name.contains("/") else { throw .fileNotFound }
            names.append(name)
        }
        return names
    }
}
