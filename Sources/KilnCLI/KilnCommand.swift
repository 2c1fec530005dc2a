import ArgumentParser

/// `kiln`: the server, the local pipeline and a client of a remote server, in one binary.
public struct KilnCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Self-hosted media processing: an Ittybit-compatible jobs API on your own machines.",
        discussion: """
            Start the server with `kiln serve`; it prints an API key on its first
            start. Process files here with `kiln video|audio|image|animation|adaptive`,
            several results of one input at once with `kiln run steps.json`, analyse
            them with `kiln speech|subtitles|chapters|summary|outline|nsfw`, or on a
            server with --server URL (or KILN_API_URL and KILN_API_KEY).
            For many machines: `kiln serve --database postgres://…` and `kiln worker`.
            Examples:
              kiln serve --port 8080 --data ./kiln-data
              kiln video -i in.mov -o out.mp4 --width 1280
              kiln run steps.json -i in.mov -o out/
              kiln subtitles -i talk.mp4 -o talk.vtt
              kiln jobs --kind video --limit 10
            """,
        subcommands: [
            ServeCommand.self, WorkerCommand.self, KeysCommand.self, WebhooksCommand.self, EventsCommand.self,
            VideoCommand.self, AudioCommand.self, ImageCommand.self, AnimationCommand.self, AdaptiveCommand.self, RunCommand.self,
            SpeechCommand.self, SubtitlesCommand.self, ChaptersCommand.self, SummaryCommand.self, OutlineCommand.self, NSFWCommand.self,
            JobsCommand.self, TasksCommand.self, TaskCommand.self, ConnectionsCommand.self, StorageCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line: exit 0 on success, 1 when the work failed, 2 for a usage error.
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let reported as any ReportedError {
            Console.error("error: \(reported.description)")
            Foundation.exit(reported.exitStatus)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            // Help, versions and completion scripts are the answer: standard output, status 0.
            if code == .success {
                if !message.isEmpty { Console.line(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { Console.error(message) }
            // ArgumentParser calls usage errors 64; Kiln promises 2.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

import Foundation
