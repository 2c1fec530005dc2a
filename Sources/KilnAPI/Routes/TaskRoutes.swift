import Foundation
import HTTPTypes
import Hummingbird
import KilnCore
import KilnStore

/// `POST /tasks`, `GET /tasks`, `GET /tasks/{id}`, `POST /tasks/{id}/cancel`.
struct TaskRoutes {
    let env: APIEnvironment

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/tasks", [.post: create, .get: list])
        table.path("/tasks/:id", [.get: get])
        table.path("/tasks/:id/cancel", [.post: cancel])
    }

    @Sendable func create(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try JobRoutes.idempotencyKey(request)  // a malformed key is refused before the body is read
        let body = try await request.jsonBody()
        let parsed = try CreateTaskRequest.parse(body, catalog: env.catalog)
        try checkReadable(parsed.inputURL)
        if parsed.destination != nil {
            try await ConnectionCheck.require(env, projectID: principal.projectID, connectionID: parsed.connectionID, field: "options.url")
        }
        let now = env.clock.nowMillis()
        let run = Run.newTask(from: parsed, projectID: principal.projectID, createdBy: principal.keyID, ids: env.ids, now: now)
        return try await env.createIdempotently(
            run, responseBody: run.steps[0].json().serialized(), location: "/tasks/\(run.id)",
            route: "POST /tasks", body: body, request: request, now: now
        )
    }

    /// A file object pointing at this server must name a file it still has.
    private func checkReadable(_ url: String) throws {
        let ownPrefix = env.publicURL + "/files/"
        guard url.hasPrefix(ownPrefix), let filesRoot = env.filesRoot else { return }
        let key = String(url.dropFirst(ownPrefix.count)).removingPercentEncoding ?? ""
        var directory: ObjCBool = false
        guard !key.contains(".."), FileManager.default.fileExists(atPath: filesRoot + "/" + key, isDirectory: &directory), !directory.boolValue else {
            throw APIError.invalidInput("input.url \(url) is not a file this server produced (or it has been removed)")
        }
    }

    @Sendable func get(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let task = try await context.pathItem(.task, notFound: .taskNotFound) { try await env.store.task(id: $0, projectID: principal.projectID) }
        return .json(task.json())
    }

    @Sendable func list(_ request: Request, context: KilnRequestContext) async throws -> Response {
        try await PagedList(
            path: "/tasks", idPrefix: .task, filterNames: TaskFilter.parameterNames, parseFilter: { try TaskFilter.parse($0) },
            fetch: { try await env.store.listTasks(projectID: $0, filter: $1, page: $2) }, id: \.id, json: { $0.json() }
        ).respond(request, context: context, env: env)
    }

    /// Cancelling a task cancels the run it belongs to: its job, or the standalone task itself.
    @Sendable func cancel(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let task = try await context.pathItem(.task, notFound: .taskNotFound) { try await env.store.task(id: $0, projectID: principal.projectID) }
        switch try await Cancelling(env: env).cancel(runID: task.runID, projectID: principal.projectID) {
        case .cancelled(let run):
            guard let updated = run.steps.first(where: { $0.id == task.id }) else { throw APIError.taskNotFound }
            if updated.status == .succeeded || updated.status == .failed { throw APIError.taskNotCancellable(updated.status) }
            return .json(updated.json())
        case .notCancellable: throw APIError.taskNotCancellable(task.status)
        case .notFound: throw APIError.taskNotFound
        }
    }
}
