import ArgumentParser
import Foundation
import KilnCore

/// `kiln events`: a server's events, one with its delivery attempts, and redelivery.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List a server's events, show one with its delivery attempts, or deliver one again.",
        discussion: """
            Examples:
              kiln events --job-id job_01J… --order asc
              kiln events evt_01J…
              kiln events redeliver evt_01J…
            """,
        subcommands: [List.self, Redeliver.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List events, or show one (with its attempts) by id.", discussion: "Example:\n  kiln events --kind job.failed"
        )
        @Argument(help: "An event id: show that event and its delivery attempts.") var id: String?
        @Option(help: "Only events of this kind (job.succeeded, task.updated, …).") var kind: String?
        @Option(name: .customLong("job-id"), help: "Only a job's events.") var jobID: String?
        @Option(name: .customLong("task-id"), help: "Only a task's events.") var taskID: String?
        @OptionGroup var page: PageOptions
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            if let id {
                try await RemoteCollection.events.show(id, client, json: json) { event in
                    let attempts = event["attempts"]?.arrayValue ?? []
                    return attempts.isEmpty ? "\nno delivery attempts" : "\n" + Render.attemptTable(attempts)
                }
                return
            }
            try await RemoteCollection.events.list(client, query: page.query(["kind": kind, "job_id": jobID, "task_id": taskID]), json: json)
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver an event again.", discussion: "Example:\n  kiln events redeliver evt_01J…")
        @Argument(help: "The event id.") var id: String
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let client = try server.client(required: true)!
            _ = try await call { try await client.request(.POST, "/events/\(id)/redeliver") }
            Console.line("Queued \(id) for delivery.")
        }
    }
}

extension Render {
    static func eventTable(_ events: [JSONValue]) -> String {
        Table(header: ["ID", "KIND", "OF", "STATUS", "CREATED"], rows: events.map { e in
            [e["id"]?.stringValue ?? "", e["kind"]?.stringValue ?? "", e["data"]?["id"]?.stringValue ?? "", e["data"]?["status"]?.stringValue ?? "", time(e["created_at"])]
        }).text
    }

    static func attemptTable(_ attempts: [JSONValue]) -> String {
        Table(header: ["AT", "URL", "STATUS", "MS", "ERROR"], rows: attempts.map { a in
            [time(a["at"]), a["url"]?.stringValue ?? "", a["status_code"]?.int64Value.map(String.init) ?? "-",
             a["duration_ms"]?.int64Value.map(String.init) ?? "", a["error"]?.stringValue ?? ""]
        }).text
    }
}
