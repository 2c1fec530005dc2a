import Hummingbird
import KilnCore
import KilnStore

/// `/connections`: S3-compatible storage credentials. The secret is sealed before it is stored
/// and never returned.
struct ConnectionRoutes {
    let env: APIEnvironment

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/connections", [.post: create, .get: list])
        table.path("/connections/:id", [.get: get, .patch: update, .delete: delete])
    }

    private func seal(_ secret: String) throws -> String {
        guard let secrets = env.secrets else { throw APIError.internalError }
        return try secrets.seal(secret)
    }

    @Sendable func create(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let changes = try ConnectionChanges.parse(try await request.jsonBody(), creating: true)
        let now = env.clock.nowMillis()
        let region = changes.region ?? ConnectionChanges.defaultRegion
        // A project's first connection is its default unless told otherwise.
        let isFirst = try await env.store.connections(projectID: principal.projectID).isEmpty
        let connection = Connection(
            id: env.ids.make(.connection), projectID: principal.projectID, name: changes.name ?? "",
            endpoint: changes.endpoint ?? ConnectionChanges.awsEndpoint(region: region), region: region,
            accessKeyID: changes.accessKeyID ?? "", isDefault: changes.isDefault ?? isFirst,
            forcePathStyle: changes.forcePathStyle ?? false, createdAt: now, updatedAt: now
        )
        try await env.store.createConnection(connection, sealedSecret: try seal(changes.secretAccessKey ?? ""))
        return .json(connection.json, status: .created, headers: [.location: "/connections/\(connection.id)"])
    }

    @Sendable func list(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try request.queryParameters(allowed: [])
        return .json(.array(try await env.store.connections(projectID: principal.projectID).map(\.json)))
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let connection = try await context.pathItem(.connection, notFound: .connectionNotFound) {
            try await env.store.connection(id: $0, projectID: principal.projectID)
        }
        return .json(connection.json)
    }

    @Sendable func update(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let changes = try ConnectionChanges.parse(try await request.jsonBody(), creating: false)
        let sealed = try changes.secretAccessKey.map(seal)
        let connection = try await context.pathItem(.connection, notFound: .connectionNotFound) {
            try await env.store.updateConnection(id: $0, projectID: principal.projectID, changes: changes, sealedSecret: sealed, now: env.clock.nowMillis())
        }
        return .json(connection.json)
    }

    @Sendable func delete(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.pathID(.connection, notFound: .connectionNotFound)
        guard try await env.store.deleteConnection(id: id, projectID: principal.projectID) else { throw APIError.connectionNotFound }
        return .json(["id": .string(id), "object": "connection", "deleted": true])
    }
}

/// The connection an `s3://` destination will use: the one named, or the project's default.
enum ConnectionCheck {
    /// `field` names the destination in the message.
    static func require(_ env: APIEnvironment, projectID: String, connectionID: String?, field: String) async throws {
        if let connectionID {
            guard try await env.store.connection(id: connectionID, projectID: projectID) != nil else { throw APIError.connectionNotFound }
        } else if try await env.store.defaultConnection(projectID: projectID) == nil {
            throw APIError.connectionRequired(field)
        }
    }
}
