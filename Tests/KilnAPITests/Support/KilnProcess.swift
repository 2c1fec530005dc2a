import Foundation

/// The real `kiln` binary in a child process, for what only a separate process shows: startup
/// output, signals and crashes.
final class KilnProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private(set) var port: Int = 0
    private var captured = ""
    private let lock = NSLock()

    /// With `logs`, the server's log (standard error) is captured with its output.
    init(arguments: [String], environment: [String: String] = [:], logs: Bool = false) {
        process.executableURL = Fixtures.kilnBinary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "KILN_API_KEY")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = output
        process.standardError = logs ? output : FileHandle.nullDevice
    }

    var outputText: String { lock.withLock { captured } }

    /// Starts `kiln serve` and waits for its "listening" line (or, for a worker, its "running" line).
    func start(timeout: TimeInterval = 30, worker: Bool = false) throws {
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.captured += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if worker, outputText.contains("kiln worker ") { return }
            if let range = outputText.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let match = outputText[range]
                port = Int(match.split(separator: ":").last ?? "") ?? 0
                return
            }
            if !process.isRunning { throw TestFailure("kiln exited: \(outputText)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestFailure("kiln did not start: \(outputText)")
    }

    /// Sends `signal` and waits at most `timeout` for the process to exit; false when it is
    /// still running then.
    func signal(_ signal: Int32, exitsWithin timeout: Duration) -> Bool {
        Foundation.kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else { return false }
        process.waitUntilExit()
        return true
    }

    func kill(_ signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
    }

    /// Runs `kiln` to completion and returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try runSplit(arguments)
        return (result.status, result.output + result.errors)
    }

    /// Runs `kiln` (or, with `shell`, a shell line where `kiln` is the binary) and keeps its
    /// standard output and standard error apart.
    static func runSplit(_ arguments: [String], environment: [String: String] = [:], shell: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "KILN_API_URL")
        env.removeValue(forKey: "KILN_API_KEY")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell.replacingOccurrences(of: "kiln ", with: "'\(Fixtures.kilnBinary.path)' ")]
        } else {
            process.executableURL = Fixtures.kilnBinary
            process.arguments = arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = ErrorCollector(err.fileHandleForReading)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errors.text)
    }
}

/// Reads a pipe to its end on its own thread, so a chatty stderr never blocks the child.
final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            lock.withLock { data = all }
            done.signal()
        }
    }

    var text: String {
        done.wait()
        return lock.withLock { String(decoding: data, as: UTF8.self) }
    }
}

/// Runs blocking work (waiting on a child process) on a thread of its own, so the in-process
/// server under test keeps the cooperative threads it needs to answer that child.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
