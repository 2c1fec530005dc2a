import Foundation

/// An error the command line reports as `error: <description>` and exits with `exitStatus`
/// (`KilnCommand.runMain`), instead of ArgumentParser's dump of the error value.
protocol ReportedError: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}

/// A mistake in how a command was called, found while running it: its message and exit status 2.
struct UsageError: ReportedError {
    let description: String
    var exitStatus: Int32 { 2 }
    init(_ description: String) { self.description = description }
}
