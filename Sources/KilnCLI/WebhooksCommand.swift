import ArgumentParser
import Foundation
import KilnCore
import KilnStore

/// `kiln webhooks`: a server's webhook endpoints, and (on the data directory directly, like
/// `kiln keys`) the secret that signs a project's `webhook_url` deliveries.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Webhook endpoints on a server, and the secret of webhook_url deliveries.",
        discussion: """
            Examples:
              kiln webhooks create --url https://example.com/hook --topic job.succeeded --topic job.failed
              kiln webhooks
              kiln webhooks rotate-secret we_01J…
              kiln webhooks delete we_01J…
              kiln webhooks secret --data ./kiln-data      # signs the webhook_url of jobs and tasks
            """,
        subcommands: [List.self, Create.self, Delete.self, RotateSecret.self, Secret.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List endpoints.", discussion: "Example:\n  kiln webhooks --json")
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            try await RemoteCollection.webhookEndpoints.list(client, json: json)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe a URL to events and print its signing secret (shown once).",
            discussion: "Example:\n  kiln webhooks create --url https://example.com/hook --topic 'job.*'"
        )
        @Option(help: "The http(s) URL events are POSTed to.") var url: String
        @Option(name: .customLong("topic"), help: "An event kind, job.*, task.* or * (repeat for more; default *).") var topics: [String] = []
        @Option(help: "A note to recognise it by.") var description: String?
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            var body = JSONObject([JSONField("url", .string(url)), JSONField("topics", .array((topics.isEmpty ? ["*"] : topics).map(JSONValue.string)))])
            if let description { body["description"] = .string(description) }
            let endpoint = try await call { try await client.request(.POST, "/webhooks/endpoints", body: .object(body)) }
            if json { Console.line(endpoint.serialized()); return }
            Console.line(Render.endpointTable([endpoint]))
            Console.line("\nIts signing secret, shown only this once:\n\n    \(endpoint["secret"]?.stringValue ?? "")\n")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an endpoint.", discussion: "Example:\n  kiln webhooks delete we_01J…")
        @Argument(help: "The endpoint id.") var id: String
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let client = try server.client(required: true)!
            _ = try await call { try await client.request(.DELETE, "/webhooks/endpoints/\(id)") }
            Console.line("Removed \(id).")
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret", abstract: "Give an endpoint a new secret (the old one signs beside it for 24 h) and print it.",
            discussion: "Example:\n  kiln webhooks rotate-secret we_01J…"
        )
        @Argument(help: "The endpoint id.") var id: String
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let client = try server.client(required: true)!
            let endpoint = try await call { try await client.request(.POST, "/webhooks/endpoints/\(id)/rotate-secret") }
            Console.line(endpoint["secret"]?.stringValue ?? "")
        }
    }

    struct Secret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the project's webhook secret (whsec_…), making it on first use; --rotate replaces it.",
            discussion: "Example:\n  kiln webhooks secret --rotate --data ./kiln-data"
        )
        @OptionGroup var location: KeysCommand.Location
        @Option(help: "The project (default: default).") var project = "default"
        @Flag(help: "Replace the secret with a new one; receivers must switch to it.") var rotate = false

        func run() async throws {
            let directory = DataDirectory(location.data)
            let store = try directory.openStore()
            let secrets = try ServeCommand.secrets(directory, environment: ProcessInfo.processInfo.environment, shared: false)
            guard let projectID = try await store.listAPIKeys().first(where: { $0.projectName == project })?.projectID else {
                throw ValidationError("there is no project named '\(project)' in \(directory.path)")
            }
            if !rotate, let sealed = try await store.projectWebhookSecret(projectID: projectID) {
                print(try secrets.open(sealed))
                return
            }
            let secret = WebhookSignature.newSecret()
            try await store.setProjectWebhookSecret(projectID: projectID, sealedSecret: try secrets.seal(secret))
            print(secret)
        }
    }
}

extension Render {
    static func endpointTable(_ endpoints: [JSONValue]) -> String {
        Table(header: ["ID", "URL", "TOPICS", "ENABLED", "DESCRIPTION"], rows: endpoints.map { e in
            [
                e["id"]?.stringValue ?? "", e["url"]?.stringValue ?? "",
                (e["topics"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","),
                e["enabled"] == true ? "yes" : "no — \(e["disabled_reason"]?.stringValue ?? "turned off")", e["description"]?.stringValue ?? "",
            ]
        }).text
    }
}
