import ArgumentParser
import Foundation
import KilnCore
import KilnStore

/// `kiln webhooks secret`: the secret that signs a project's `webhook_url` deliveries, read or
/// rotated on the data directory directly (like `kiln keys`).
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "The signing secret of a project's webhook_url deliveries.",
        discussion: """
            Endpoints (POST /webhooks/endpoints) carry secrets of their own; this one signs
            the deliveries to the webhook_url of jobs and tasks.
            Example:
              kiln webhooks secret --data ./kiln-data
              kiln webhooks secret --rotate --project default --data ./kiln-data
            """,
        subcommands: [Secret.self]
    )

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
