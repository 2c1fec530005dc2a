import ArgumentParser
import Foundation
import KilnCore
import KilnStore

/// `kiln keys`: manage API keys in a data directory, without a running server.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys (works on the data directory directly).",
        discussion: """
            Example:
              kiln keys create --project default --name ci --data ./kiln-data
              kiln keys list --data ./kiln-data
              kiln keys revoke key_01J... --data ./kiln-data
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Location: ParsableArguments {
        @Option(help: "Data directory (env KILN_DATA, default ./kiln-data).")
        var data: String?
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print its secret once.",
            discussion: "Example:\n  kiln keys create --project default --name ci --data ./kiln-data"
        )
        @OptionGroup var location: Location
        @Option(help: "Project the key belongs to; created if new.") var project = "default"
        @Option(help: "A label to recognise the key by.") var name: String?
        @Flag(help: "Print the secret only (for scripts).") var quiet = false

        func run() async throws {
            let store = try DataDirectory(location.data).openStore()
            let created = try await store.createAPIKey(projectName: project, name: name, now: KilnClock.system.nowMillis())
            if quiet {
                print(created.secret)
            } else {
                print("Created \(created.info.id) in project '\(project)'. Its secret, shown only this once:\n\n    \(created.secret)\n")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).", discussion: "Example:\n  kiln keys list --data ./kiln-data")
        @OptionGroup var location: Location

        func run() async throws {
            let store = try DataDirectory(location.data).openStore()
            let keys = try await store.listAPIKeys()
            let rows = keys.map { key in
                [key.id, key.projectName, key.name ?? "", key.hint, key.revokedAt == nil ? "active" : "revoked"]
            }
            print(Table(header: ["ID", "PROJECT", "NAME", "KEY", "STATUS"], rows: rows).text)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key; requests with it answer 401 within a second.",
            discussion: "Example:\n  kiln keys revoke key_01J… --data ./kiln-data"
        )
        @OptionGroup var location: Location
        @Argument(help: "The key's id (key_…), as `kiln keys list` shows it.") var id: String

        func run() async throws {
            let store = try DataDirectory(location.data).openStore()
            guard try await store.revokeAPIKey(id: id, now: KilnClock.system.nowMillis()) else {
                throw ValidationError("no active key with id \(id)")
            }
            print("Revoked \(id).")
        }
    }
}
