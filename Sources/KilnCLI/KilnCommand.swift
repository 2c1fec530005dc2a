import ArgumentParser

/// `kiln`: the server, the local pipeline and a client of a remote server, in one binary.
public struct KilnCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Self-hosted media processing: an Ittybit-compatible jobs API on your own machines.",
        discussion: """
            Start the server with `kiln serve`; it prints an API key on its first start.
            Example:
              kiln serve --port 8080 --data ./kiln-data
            """,
        subcommands: [ServeCommand.self, KeysCommand.self]
    )

    public init() {}
}
