import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KilnCore

/// moto's S3 server on a loopback port, and boto3 as an independent client to check it.
/// `scripts/test` starts one for the whole run (KILN_TEST_S3_ENDPOINT) and each test starts from an
/// empty server; without it (or with authentication on) a test starts its own.
struct S3TestServer: Sendable {
    let endpoint: String
    /// The credentials the server accepts (any, unless authentication is on).
    var accessKeyID = "test"
    var secretAccessKey = "test"

    static func run<T: Sendable>(authenticated: Bool = false, _ body: @Sendable (S3TestServer) async throws -> T) async throws -> T {
        if !authenticated, let shared = ProcessInfo.processInfo.environment["KILN_TEST_S3_ENDPOINT"], !shared.isEmpty {
            try await reset(shared)
            return try await body(S3TestServer(endpoint: shared))
        }
        let port = try FreePort.pick()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
        if authenticated {
            // Requests are checked against IAM once the three that create the user are done.
            process.environment = ProcessInfo.processInfo.environment.merging(["INITIAL_NO_AUTH_ACTION_COUNT": "3"]) { $1 }
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // moto's server does not always stop on SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var server = S3TestServer(endpoint: "http://127.0.0.1:\(port)")
        let deadline = ContinuousClock.now + .seconds(30)
        while !(await isUp(server.endpoint)) {
            guard ContinuousClock.now < deadline, process.isRunning else { throw TestFailure("moto_server did not start") }
            try await Task.sleep(for: .milliseconds(300))
        }
        if authenticated {
            let credentials = try server.client("setup-auth")
            guard let key = credentials["access_key_id"]?.stringValue, let secret = credentials["secret_access_key"]?.stringValue else {
                throw TestFailure("moto gave no access key")
            }
            server.accessKeyID = key
            server.secretAccessKey = secret
        }
        return try await body(server)
    }

    private static func isUp(_ endpoint: String) async -> Bool {
        guard let url = URL(string: endpoint + "/moto-api/") else { return false }
        return (try? await URLSession.shared.data(from: url)) != nil
    }

    /// Empties a shared server: every bucket and upload goes.
    private static func reset(_ endpoint: String) async throws {
        var request = URLRequest(url: URL(string: endpoint + "/moto-api/reset")!)
        request.httpMethod = "POST"
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw TestFailure("could not reset moto at \(endpoint)") }
    }

    /// Runs the boto3 helper and returns its JSON.
    @discardableResult
    func client(_ arguments: String...) throws -> JSONValue {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/s3-client.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, endpoint] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["S3_ACCESS_KEY_ID": accessKeyID, "S3_SECRET_ACCESS_KEY": secretAccessKey]) { $1 }
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
