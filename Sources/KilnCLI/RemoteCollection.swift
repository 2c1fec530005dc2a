import KilnCore

/// One collection of a server's API (jobs, tasks, events, connections, webhook endpoints) as
/// the client commands print it: `--json` prints the API's answer as it came, otherwise `table`
/// renders the items for people. Every list, show and cancel command goes through here, so they
/// all print, and say an empty list, the same way.
struct RemoteCollection: Sendable {
    /// The collection's path, like `/jobs`.
    let path: String
    /// What an empty list prints, like `no jobs`.
    let empty: String
    /// The prefix of the collection's ids and the command that lists it, for the usage error
    /// of a word that is no id (`kiln jobs get job_…` reads `get` as the id).
    let ids: (prefix: IDPrefix, noun: String, command: String)
    let table: @Sendable ([JSONValue]) -> String

    /// `id` when it has the shape of one of this collection's ids.
    func checked(_ id: String) throws -> String {
        guard IDSource.isWellFormed(id, prefix: ids.prefix) else {
            throw UsageError("'\(id)' is not a \(ids.noun) id (\(ids.prefix.rawValue)_…); `kiln \(ids.command) <id>` shows one \(ids.noun)")
        }
        return id
    }

    /// Lists one page; `query` holds its filters and cursor.
    func list(_ client: APIClient, query: String = "", json: Bool) async throws {
        let page = try await call { try await client.request(.GET, path + query) }
        if json { Console.line(page.serialized()); return }
        guard case .array(let items) = page else { return }
        Console.line(items.isEmpty ? empty : table(items))
    }

    /// Shows one item; `details` prints what follows its row, if anything (a job's tasks, an
    /// event's delivery attempts).
    func show(_ id: String, _ client: APIClient, json: Bool, details: (JSONValue) -> String? = { _ in nil }) async throws {
        let id = try checked(id)
        let item = try await call { try await client.request(.GET, "\(path)/\(id)") }
        if json { Console.line(item.serialized()); return }
        Console.line(table([item]))
        if let details = details(item) { Console.line(details) }
    }

    /// POSTs `action` (like `cancel`) to one item and shows the item the server answers with.
    func post(_ action: String, to id: String, _ client: APIClient, json: Bool) async throws {
        let id = try checked(id)
        let item = try await call { try await client.request(.POST, "\(path)/\(id)/\(action)") }
        Console.line(json ? item.serialized() : table([item]))
    }
}

extension RemoteCollection {
    static let jobs = RemoteCollection(path: "/jobs", empty: "no jobs", ids: (.job, "job", "jobs"), table: { Render.jobTable($0) })
    static let tasks = RemoteCollection(path: "/tasks", empty: "no tasks", ids: (.task, "task", "tasks"), table: { Render.taskTable($0) })
    static let events = RemoteCollection(path: "/events", empty: "no events", ids: (.event, "event", "events"), table: { Render.eventTable($0) })
    static let connections = RemoteCollection(path: "/connections", empty: "no connections", ids: (.connection, "connection", "connections"), table: { Render.connectionTable($0) })
    static let webhookEndpoints = RemoteCollection(
        path: "/webhooks/endpoints", empty: "no endpoints", ids: (.endpoint, "webhook endpoint", "webhooks"), table: { Render.endpointTable($0) }
    )
}
