import Hummingbird
import KilnCore
import KilnStore

/// `GET /events` and `GET /events/{id}`: what happened to the project's jobs and tasks, as the
/// outbox recorded it with each change.
struct EventRoutes {
    let env: APIEnvironment

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/events", [.get: list])
        table.path("/events/:id", [.get: get])
        table.path("/events/:id/redeliver", [.post: redeliver])
    }

    @Sendable func list(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = try request.queryParameters(allowed: EventFilter.parameterNames + PageRequest.parameterNames)
        let filter = try EventFilter.parse(params)
        let page = try PageRequest.parse(params, idPrefix: .event)
        let result = try await env.store.listEvents(projectID: principal.projectID, filter: filter, page: page)
        return .json(
            .array(result.items.map { $0.json() }),
            headers: PageLinks.headers(result, ids: result.items.map(\.id), page: page, params: params, base: env.publicURL + "/events")
        )
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = context.parameters.get("id") ?? ""
        guard IDSource.isWellFormed(id, prefix: .event), let event = try await env.store.event(id: id, projectID: principal.projectID) else {
            throw APIError.eventNotFound
        }
        return .json(try await withAttempts(event))
    }

    /// The event and every attempt to deliver it.
    private func withAttempts(_ event: Event) async throws -> JSONValue {
        guard case .object(var object) = event.json() else { return event.json() }
        object["attempts"] = .array(try await env.store.attempts(eventID: event.id).map { $0.json() })
        return .object(object)
    }

    /// Sends the event again to the endpoints that take it now (and its webhook_url).
    @Sendable func redeliver(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = context.parameters.get("id") ?? ""
        guard IDSource.isWellFormed(id, prefix: .event), let event = try await env.store.event(id: id, projectID: principal.projectID),
            try await env.store.redeliver(eventID: id, projectID: principal.projectID)
        else {
            throw APIError.eventNotFound
        }
        env.jobCreated()
        return .json(try await withAttempts(event), status: .accepted)
    }
}
