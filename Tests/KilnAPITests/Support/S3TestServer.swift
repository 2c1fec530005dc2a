import Foundation
import KilnCore

/// moto's S3 server on a loopback port, and boto3 as an independent client to check it.
struct S3TestServer: Sendable {
    let endpoint: String

    static func run<T: Sendable>(_ body: @Sendable (S3TestServer) async throws -> T) async throws -> T {
        let port = try FreePort.pick()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // moto's server does not always stop on SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let server = S3TestServer(endpoint: "http://127.0.0.1:\(port)")
        let deadline = ContinuousClock.now + .seconds(30)
        while (try? server.client("create-bucket", "ready")) == nil {
            guard ContinuousClock.now < deadline, process.isRunning else { throw TestFailure("moto_server did not start") }
            try await Task.sleep(for: .milliseconds(300))
        }
        return try await body(server)
    }

    /// Runs the boto3 helper and returns its JSON.
    @discardableResult
    func client(_ arguments: String...) throws -> JSONValue {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/s3-client.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, endpoint] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("s3-client \(arguments) failed") }
        return try JSONParser.parse(Array(data))
    }
}
