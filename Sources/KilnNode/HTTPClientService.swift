import AsyncHTTPClient
import ServiceLifecycle

/// Owns the node's one HTTP client: shuts it down when the node stops. It is the first service
/// of a node, so it stops last, after the workers that use it.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
