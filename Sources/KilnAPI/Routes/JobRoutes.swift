import HTTPTypes
import Hummingbird
import KilnCore
import KilnStore

/// `POST /jobs`, `GET /jobs`, `GET /jobs/{id}`.
struct JobRoutes {
    let env: APIEnvironment

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/jobs", [.post: create, .get: list])
        table.path("/jobs/:id", [.get: get])
        table.path("/jobs/:id/cancel", [.post: cancel])
    }

    @Sendable func create(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try Self.idempotencyKey(request)  // a malformed key is refused before the body is read
        let body = try await request.jsonBody()
        let parsed = try CreateJobRequest.parse(body, catalog: env.catalog)
        if let field = parsed.storageField {
            try await ConnectionCheck.require(env, projectID: principal.projectID, connectionID: parsed.connectionID, field: field)
        }
        let now = env.clock.nowMillis()
        let job = Run.newJob(from: parsed, projectID: principal.projectID, ids: env.ids, now: now)
        return try await env.createIdempotently(
            job, responseBody: job.json().serialized(), location: "/jobs/\(job.id)", route: "POST /jobs", body: body,
            request: request, now: now
        )
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.pathID(.job, notFound: .jobNotFound)
        if let body = env.finishedJobs.body(id: id, projectID: principal.projectID) { return .json(buffer: body) }
        guard let job = try await env.store.job(id: id, projectID: principal.projectID) else { throw APIError.jobNotFound }
        return .json(buffer: env.finishedJobs.render(job))
    }

    @Sendable func cancel(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.pathID(.job, notFound: .jobNotFound)
        switch try await Cancelling(env: env).cancel(runID: id, projectID: principal.projectID) {
        case .cancelled(let job): return .json(job.json())
        case .notCancellable(let status): throw APIError.jobNotCancellable(status)
        case .notFound: throw APIError.jobNotFound
        }
    }

    @Sendable func list(_ request: Request, context: KilnRequestContext) async throws -> Response {
        try await PagedList(
            path: "/jobs", idPrefix: .job, filterNames: JobFilter.parameterNames, parseFilter: { try JobFilter.parse($0) },
            fetch: { try await env.store.listJobs(projectID: $0, filter: $1, page: $2) }, id: \.id, json: { $0.json(includeTasks: false) }
        ).respond(request, context: context, env: env)
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard !key.isEmpty, key.utf8.count <= APILimits.maximumIdempotencyKeyLength else {
            throw APIError.invalidRequest("Idempotency-Key must be 1 to \(APILimits.maximumIdempotencyKeyLength) characters")
        }
        return key
    }
}
