import Hummingbird
import KilnCore
import KilnStore

/// `/webhooks/endpoints`: where a project's events are POSTed. The signing secret is returned
/// once, when the endpoint is made or its secret rotated.
struct WebhookRoutes {
    let env: APIEnvironment

    /// How long a rotated secret still signs beside the new one.
    static let previousSecretMillis: Int64 = 24 * 3600 * 1000

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/webhooks/endpoints", [.post: create, .get: list])
        table.path("/webhooks/endpoints/:id", [.get: get, .patch: update, .delete: delete])
        table.path("/webhooks/endpoints/:id/rotate-secret", [.post: rotate])
    }

    private func seal(_ secret: String) throws -> String {
        guard let secrets = env.secrets else { throw APIError.internalError }
        return try secrets.seal(secret)
    }

    private func found(_ context: KilnRequestContext, projectID: String) async throws -> WebhookEndpoint {
        try await context.pathItem(.endpoint, notFound: .endpointNotFound) { try await env.store.endpoint(id: $0, projectID: projectID) }
    }

    @Sendable func create(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let changes = try EndpointChanges.parse(try await request.jsonBody(), creating: true)
        let now = env.clock.nowMillis()
        let endpoint = WebhookEndpoint(
            id: env.ids.make(.endpoint), projectID: principal.projectID, url: changes.url ?? "", topics: changes.topics ?? [],
            description: changes.description, createdAt: now, updatedAt: now
        )
        let secret = WebhookSignature.newSecret()
        try await env.store.createEndpoint(endpoint, sealedSecret: try seal(secret))
        return .json(endpoint.json(secret: secret), status: .created, headers: [.location: "/webhooks/endpoints/\(endpoint.id)"])
    }

    @Sendable func list(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try request.queryParameters(allowed: [])
        return .json(.array(try await env.store.endpoints(projectID: principal.projectID).map { $0.json() }))
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return .json(try await found(context, projectID: principal.projectID).json())
    }

    @Sendable func update(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let endpoint = try await found(context, projectID: principal.projectID)
        let changes = try EndpointChanges.parse(try await request.jsonBody(), creating: false)
        let updated = changes.applied(to: endpoint, now: env.clock.nowMillis())
        try await env.store.updateEndpoint(updated)
        return .json(updated.json())
    }

    @Sendable func delete(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let endpoint = try await found(context, projectID: principal.projectID)
        guard try await env.store.deleteEndpoint(id: endpoint.id, projectID: principal.projectID) else { throw APIError.endpointNotFound }
        return .json(["id": .string(endpoint.id), "object": "webhook_endpoint", "deleted": true])
    }

    @Sendable func rotate(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let endpoint = try await found(context, projectID: principal.projectID)
        let now = env.clock.nowMillis()
        let secret = WebhookSignature.newSecret()
        guard try await env.store.rotateEndpointSecret(
            id: endpoint.id, projectID: principal.projectID, sealedSecret: try seal(secret), previousValidUntil: now + Self.previousSecretMillis, now: now
        ) else { throw APIError.endpointNotFound }
        var rotated = endpoint
        rotated.updatedAt = now
        return .json(rotated.json(secret: secret))
    }
}
