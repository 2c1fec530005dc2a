import Hummingbird
import KilnCore
import KilnStore

/// `GET /jobs/{id}/events` and `GET /tasks/{id}/events`: a job's or a task's events as
/// Server-Sent Events, read from the outbox as they are written. `Last-Event-ID` resumes after
/// that event; the stream ends after the job's or task's last event.
struct EventStreams {
    let env: APIEnvironment

    /// How often the outbox is read while the job runs.
    static let pollInterval = Duration.milliseconds(200)
    /// A comment line now and then keeps proxies from closing an idle stream.
    static let keepAliveEvery = 75

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/jobs/:id/events", [.get: job])
        table.path("/tasks/:id/events", [.get: task])
    }

    @Sendable func job(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let job = try await context.pathItem(.job, notFound: .jobNotFound) { try await env.store.job(id: $0, projectID: principal.projectID) }
        return stream(EventFilter(jobID: job.id), projectID: principal.projectID, after: lastEventID(request), ends: { $0.kind.hasPrefix("job.") && $0.isTerminal })
    }

    @Sendable func task(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let task = try await context.pathItem(.task, notFound: .taskNotFound) { try await env.store.task(id: $0, projectID: principal.projectID) }
        return stream(EventFilter(taskID: task.id), projectID: principal.projectID, after: lastEventID(request), ends: { $0.isTerminal })
    }

    /// Where to resume; a value that is no event id is no place to resume from, so the stream
    /// starts over, as a browser's EventSource expects.
    private func lastEventID(_ request: Request) -> String? {
        guard let value = request.headers[.lastEventID], IDSource.isWellFormed(value, prefix: .event) else { return nil }
        return value
    }

    private func stream(_ filter: EventFilter, projectID: String, after: String?, ends: @escaping @Sendable (Event) -> Bool) -> Response {
        let store = env.store
        let body = ResponseBody { writer in
            var last = after
            var quiet = 0
            while !Task.isCancelled {
                let page = try await store.listEvents(projectID: projectID, filter: filter, page: PageRequest(limit: 100, after: last, order: .asc))
                for event in page.items {
                    try await writer.write(ByteBuffer(string: Self.frame(event)))
                    last = event.id
                    if ends(event) {
                        try await writer.finish(nil)
                        return
                    }
                }
                if page.items.isEmpty {
                    quiet += 1
                    if quiet % Self.keepAliveEvery == 0 { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                    try await Task.sleep(for: Self.pollInterval)
                } else {
                    quiet = 0
                }
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One event in the stream's format.
    static func frame(_ event: Event) -> String {
        "id: \(event.id)\nevent: \(event.kind)\ndata: \(event.json().serialized())\n\n"
    }
}
