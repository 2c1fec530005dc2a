import Foundation
import Subprocess

/// A program to run and how it ended.
public struct ProcessCommand: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]

    public init(_ executable: String, _ arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }
}

public struct ProcessOutcome: Sendable, Equatable {
    /// The exit code, or nil when a signal ended the process.
    public var exitCode: Int32?
    /// The last few kilobytes of standard error.
    public var errorTail: String

    public var succeeded: Bool { exitCode == 0 }
}

/// Runs programs, swappable in tests. Standard output arrives line by line; cancelling the
/// calling task kills the program's whole process group at once.
public struct ProcessRunner: Sendable {
    public var run: @Sendable (_ command: ProcessCommand, _ onLine: @escaping @Sendable (String) -> Void) async throws -> ProcessOutcome

    public init(run: @escaping @Sendable (ProcessCommand, @escaping @Sendable (String) -> Void) async throws -> ProcessOutcome) {
        self.run = run
    }

    static let errorTailBytes = 8 * 1024

    public static let live = ProcessRunner { command, onLine in
        var options = PlatformOptions()
        // Its own session, so the group kill reaches everything it started and nothing of ours.
        options.createSession = true
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))]
        let result = try await Subprocess.run(
            .name(command.executable),
            arguments: Arguments(command.arguments),
            platformOptions: options,
            input: .none,
            output: .sequence,
            error: .sequence
        ) { execution in
            try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    for try await line in execution.standardOutput.strings() { onLine(line) }
                    return ""
                }
                group.addTask {
                    var tail: [UInt8] = []
                    for try await buffer in execution.standardError {
                        buffer.withUnsafeBytes { tail.append(contentsOf: $0) }
                        if tail.count > 2 * errorTailBytes { tail.removeFirst(tail.count - errorTailBytes) }
                    }
                    return String(decoding: tail.suffix(errorTailBytes), as: UTF8.self)
                }
                var errorTail = ""
                for try await text in group where !text.isEmpty { errorTail = text }
                return errorTail
            }
        }
        switch result.terminationStatus {
        case .exited(let code): return ProcessOutcome(exitCode: code, errorTail: result.closureResult)
        case .signaled: return ProcessOutcome(exitCode: nil, errorTail: result.closureResult)
        }
    }
}
