import KilnCore

/// A creation event's data is the run as created (`RunEvents.createdData`), so both stores keep
/// such events without a copy of the run — a third of what a create writes — and fill the data
/// in from the run when they read them. Events written before this kept their copy and are read
/// as they are.
enum CreationEvents {
    /// What the `data` column holds for a creation event.
    static let storedData = ""

    static func storedData(of event: Event) -> String {
        event.isCreation ? storedData : event.data.serialized()
    }

    static func resolve(_ events: [Event], run: (String) async throws -> Run?) async throws -> [Event] {
        var runs: [String: Run] = [:]
        var resolved = events
        for index in resolved.indices where resolved[index].isCreation && resolved[index].data == .null {
            guard let runID = resolved[index].runID else { continue }
            if runs[runID] == nil { runs[runID] = try await run(runID) }
            guard let found = runs[runID] else { continue }
            resolved[index].data = RunEvents.createdData(of: found, taskID: resolved[index].jobID == nil ? resolved[index].taskID : nil)
        }
        return resolved
    }

    static func resolve(_ page: Page<Event>, run: (String) async throws -> Run?) async throws -> Page<Event> {
        Page(items: try await resolve(page.items, run: run), hasMore: page.hasMore)
    }
}
