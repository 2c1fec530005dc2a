import Foundation
import KilnCore

/// Looks at outputs the way a client would: downloads them from the server and asks ffprobe
/// (directly, not through Kiln's own prober) what they are.
struct MediaInspector: Sendable {
    let server: TestServer

    /// The server's URL for a published output (jobs report the configured public URL).
    func localURL(_ published: String) -> String {
        published.replacingOccurrences(of: TestServer.publicURL, with: server.baseURL)
    }

    func download(_ published: String) async throws -> URL {
        let raw = try await rawDownload(localURL(published))
        guard !raw.isEmpty else { throw TestFailure("GET \(published) gave nothing") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-out-\(UUID().uuidString)-" + (published as NSString).lastPathComponent)
        try raw.write(to: url)
        return url
    }

    func rawDownload(_ url: String) async throws -> Data { try Self.curl(url) }

    /// The body of a GET of `url` (empty on an error status), as curl gives it.
    static func curl(_ url: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-sf", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    static func ffprobe(_ path: String, extra: [String] = []) throws -> JSONValue {
        let output = try runData("ffprobe", ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams"] + extra + [path], errors: false)
        return try JSONParser.parse(Array(output))
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        String(decoding: try runData(tool, arguments), as: UTF8.self)
    }

    static func runData(_ tool: String, _ arguments: [String], errors: Bool = true) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errors ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// SSIM of `path` against `reference` over their first `seconds`.
    static func ssim(_ path: String, reference: String, seconds: Double, scale: String) throws -> Double {
        let output = try run("ffmpeg", ["-hide_banner", "-t", "\(seconds)", "-i", path, "-t", "\(seconds)", "-i", reference,
            "-lavfi", "[0:v]\(scale)[a];[1:v]\(scale)[b];[a][b]ssim", "-f", "null", "-"])
        guard let range = output.range(of: #"All:([0-9.]+)"#, options: .regularExpression) else { throw TestFailure("no SSIM: \(output.suffix(300))") }
        return Double(output[range].dropFirst(4)) ?? 0
    }
}

extension JSONValue {
    var streams: [JSONValue] {
        if case .array(let s)? = self["streams"] { return s }
        return []
    }
    func stream(_ type: String) -> JSONValue? { streams.first { $0["codec_type"]?.stringValue == type } }
    var number: Double? {
        switch self {
        case .string(let s): return Double(s)
        default: return doubleValue
        }
    }
}

extension HTTPTestClient {
    /// Creates a job and waits until it has finished (or `timeout` passes).
    func runJob(_ body: String, timeout: Duration = .seconds(180)) async throws -> JSONValue {
        let created = try await createJob(body)
        let id = try created["id"]?.stringValue ?? { throw TestFailure("no id") }()
        return try await waitForJob(id, timeout: timeout)
    }

    func waitForJob(_ id: String, timeout: Duration = .seconds(180), until done: (JSONValue) -> Bool = { ["succeeded", "failed", "cancelled"].contains($0["status"]?.stringValue ?? "") }) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let job = try await get("/jobs/\(id)").json
            if done(job) { return job }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("job \(id) did not finish in time")
    }
}
