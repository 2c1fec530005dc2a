import Hummingbird
import KilnCore

/// Gives files under `/files/` the media type of their extension (HLS playlists and segments,
/// AVIF, Opus… that the generic table does not know), so browsers and players accept them.
struct MediaContentTypeMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let path = request.uri.path
        if path.hasPrefix("/files/"), response.status == .ok || response.status == .partialContent,
            let dot = path.lastIndex(of: "."), let type = MediaTypes.forExtension(String(path[path.index(after: dot)...]))
        {
            response.headers[.contentType] = type
        }
        return response
    }
}
