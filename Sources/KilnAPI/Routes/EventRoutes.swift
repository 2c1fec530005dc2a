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
        try await PagedList(
            path: "/events", idPrefix: .event, filterNames: EventFilter.parameterNames, parseFilter: { try EventFilter.parse($0) },
            fetch: { try await env.store.listEvents(projectID: $0, filter: $1, page: $2) }, id: \.id, json: { $0.json() }
        ).respond(request, context: context, env: env)
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let event = try await context.pathItem(.event, notFound: .eventNotFound) { try await env.store.event(id: $0, projectID: principal.projectID) }
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
        let event = try await context.pathItem(.event, notFound: .eventNotFound) { try await env.store.event(id: $0, projectID: principal.projectID) }
        guard try await env.store.redeliver(eventID: event.id, projectID: principal.projectID) else { throw APIError.eventNotFound }
        env.deliveriesQueued()
        return .json(try await withAttempts(event), status: .accepted)
    }
}
