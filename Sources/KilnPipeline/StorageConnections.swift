import AsyncHTTPClient
import Foundation
import KilnCore
import KilnStorage
import KilnStore

/// Opens the S3 store of a project's connection (the one named, or its default) for a worker.
public struct StorageConnections: Sendable {
    public var open: @Sendable (_ projectID: String, _ connectionID: String?) async throws -> S3Store?

    public init(open: @escaping @Sendable (String, String?) async throws -> S3Store?) {
        self.open = open
    }

    public static let none = StorageConnections { _, _ in nil }

    /// Each store sends through `httpClient` and signs with `clock`; the caller made the client and
    /// shuts it down (the default, `HTTPClient.shared`, is never shut down).
    public static func live(store: any JobStore, secrets: SecretBox, httpClient: HTTPClient = .shared, clock: KilnClock = .system) -> StorageConnections {
        StorageConnections { projectID, connectionID in
            let found: Connection?
            if let connectionID {
                found = try await store.connection(id: connectionID, projectID: projectID)
            } else {
                found = try await store.defaultConnection(projectID: projectID)
            }
            guard let connection = found, let sealed = try await store.sealedSecret(connectionID: connection.id) else { return nil }
            return S3Store(
                endpoint: connection.endpoint, region: connection.region, accessKeyID: connection.accessKeyID,
                secretAccessKey: try secrets.open(sealed), forcePathStyle: connection.forcePathStyle,
                httpClient: httpClient, clock: clock
            )
        }
    }
}
