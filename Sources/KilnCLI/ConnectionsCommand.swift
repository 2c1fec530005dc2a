import ArgumentParser
import Foundation
import KilnCore

/// `kiln connections`: storage credentials on a server.
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "List, add and remove S3-compatible storage connections on a server.",
        discussion: """
            Examples:
              kiln connections add s3 --name r2 --endpoint https://ACCOUNT.r2.cloudflarestorage.com --region auto \\
                --access-key-id AKIA… --secret-access-key …
              kiln connections
              kiln connections remove conn_01J…
            """,
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List connections (never their secrets).", discussion: "Example:\n  kiln connections --json"
        )
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            try await RemoteCollection.connections.list(client, json: json)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a connection; the project's first one becomes its default.",
            discussion: "Example:\n  kiln connections add s3 --name minio --endpoint http://127.0.0.1:9000 --access-key-id minio --secret-access-key minio123 --force-path-style"
        )
        @Argument(help: "The kind of storage: s3.") var kind: String
        @Option(help: "A name to recognise it by.") var name: String
        @Option(help: "The S3 endpoint URL (default: AWS for the region).") var endpoint: String?
        @Option(help: "The region (default us-east-1).") var region: String?
        @Option(name: .customLong("access-key-id"), help: "The access key id.") var accessKeyID: String
        @Option(name: .customLong("secret-access-key"), help: "The secret access key (stored encrypted, never shown again).") var secretAccessKey: String
        @Flag(name: .customLong("default"), help: "Make it the project's default connection.") var isDefault = false
        @Flag(name: .customLong("force-path-style"), help: "Address buckets as endpoint/bucket (MinIO and most self-hosted servers).") var forcePathStyle = false
        @OptionGroup var server: ServerOptions
        @Flag(help: "Print the API's JSON.") var json = false

        func run() async throws {
            let client = try server.client(required: true)!
            var body = JSONObject([
                JSONField("kind", .string(kind)), JSONField("name", .string(name)),
                JSONField("access_key_id", .string(accessKeyID)), JSONField("secret_access_key", .string(secretAccessKey)),
                JSONField("force_path_style", .bool(forcePathStyle)),
            ])
            if let endpoint { body["endpoint"] = .string(endpoint) }
            if let region { body["region"] = .string(region) }
            if isDefault { body["is_default"] = true }
            let connection = try await call { try await client.request(.POST, "/connections", body: .object(body)) }
            Console.line(json ? connection.serialized() : Render.connectionTable([connection]))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a connection.", discussion: "Example:\n  kiln connections remove conn_01J…")
        @Argument(help: "The connection id.") var id: String
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let client = try server.client(required: true)!
            _ = try await call { try await client.request(.DELETE, "/connections/\(id)") }
            Console.line("Removed \(id).")
        }
    }
}

extension Render {
    static func connectionTable(_ connections: [JSONValue]) -> String {
        Table(header: ["ID", "NAME", "ENDPOINT", "REGION", "ACCESS KEY", "DEFAULT"], rows: connections.map { c in
            [
                c["id"]?.stringValue ?? "", c["name"]?.stringValue ?? "", c["endpoint"]?.stringValue ?? "", c["region"]?.stringValue ?? "",
                c["access_key_id"]?.stringValue ?? "", c["is_default"] == true ? "yes" : "",
            ]
        }).text
    }
}
