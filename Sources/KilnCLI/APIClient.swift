import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import NIOHTTP1

/// A client of a Kiln server's API, for the remote commands.
struct APIClient: Sendable {
    let baseURL: String
    let apiKey: String?

    init(baseURL: String, apiKey: String?) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    /// The server's `{kind, message}` error.
    struct Failure: Error, CustomStringConvertible {
        let status: Int
        let kind: String
        let message: String
        var description: String { "\(kind): \(message)" }
    }

    func request(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        } catch {
            throw Failure(status: 0, kind: "server_unreachable", message: "could not reach \(baseURL): \(error)")
        }
        let buffer = try await response.body.collect(upTo: 32 << 20)
        let value = (try? JSONParser.parse(buffer.readableBytesView)) ?? .null
        guard (200..<300).contains(Int(response.status.code)) else {
            throw Failure(
                status: Int(response.status.code), kind: value["kind"]?.stringValue ?? "http_\(response.status.code)",
                message: value["message"]?.stringValue ?? response.status.reasonPhrase
            )
        }
        return value
    }

    /// Follows `path` (a job or a task) until it has finished, handing each state to `update`;
    /// returns the final one. It listens to the server's event stream (`path/events`) and polls
    /// every quarter second only where a server has none.
    func followUntilFinished(_ path: String, from start: JSONValue, update: (JSONValue) -> Void) async throws -> JSONValue {
        var current = start
        if ["succeeded", "failed", "cancelled"].contains(current["status"]?.stringValue ?? "") { return current }
        if (try? await followEvents(path, update: update)) == true {
            return try await call { try await request(.GET, path) }
        }
        while !["succeeded", "failed", "cancelled"].contains(current["status"]?.stringValue ?? "") {
            try await Task.sleep(for: .milliseconds(250))
            current = try await call { try await request(.GET, path) }
            update(current)
        }
        return current
    }

    /// Reads `path/events` (Server-Sent Events) to its end, handing each event's job or task to
    /// `update`; false when the server has no such stream.
    private func followEvents(_ path: String, update: (JSONValue) -> Void) async throws -> Bool {
        var request = HTTPClientRequest(url: baseURL + path + "/events")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await HTTPClient.shared.execute(request, timeout: .hours(24))
        guard response.status == .ok, response.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true else { return false }
        // A job's stream also carries its tasks' events: only the job's own are states of it.
        let object: JSONValue = path.hasPrefix("/jobs/") ? "job" : "task"
        var pending = ""
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let end = pending.range(of: "\n\n") {
                let frame = pending[..<end.lowerBound]
                pending.removeSubrange(..<end.upperBound)
                guard let line = frame.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }),
                    let event = try? JSONParser.parse(String(line.dropFirst(6))), let data = event["data"], data["object"] == object
                else { continue }
                update(data)
            }
        }
        return true
    }

    /// Streams `url` (an output of this server) to `path`.
    func download(_ url: String, to path: String) async throws {
        var request = HTTPClientRequest(url: url)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .hours(6))
        guard response.status == .ok else {
            throw Failure(status: Int(response.status.code), kind: "download_failed", message: "\(url) answered \(response.status.code)")
        }
        do {
            try FileManager.default.createDirectory(atPath: FilePaths.parent(of: path), withIntermediateDirectories: true)
        } catch {
            throw OutputPlacement.Failure(path, error)
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(status: 0, kind: "write_failed", message: "cannot write \(path)")
        }
        defer { try? handle.close() }
        for try await chunk in response.body {
            try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
        }
    }

    /// Downloads a thumbnail track into `directory`: its index.json and the frames it lists, or
    /// its WebVTT track and the sprite sheet its cues point at.
    func downloadTrack(_ url: String, into directory: String) async throws {
        let base = String(url[..<(url.lastIndex(of: "/") ?? url.endIndex)])
        let name = (url as NSString).lastPathComponent
        try await download(url, to: directory + "/" + name)
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        let named: [String]
        if name.hasSuffix(".json") {
            named = (try? JSONParser.parse(Array(data)))?["frames"]?.arrayValue?.compactMap { $0["file"]?.stringValue } ?? []
        } else {
            named = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
                line.range(of: "#xywh=").map { String(line[..<$0.lowerBound]) }
            }
        }
        var seen = Set<String>()
        // Plain names only: a track's files are in its folder.
        for file in named where !file.isEmpty && !file.contains("/") && file != ".." && seen.insert(file).inserted {
            try await download(base + "/" + file, to: directory + "/" + file)
        }
    }

    /// Downloads an HLS master playlist and everything it names into `directory`.
    func downloadPlaylist(_ url: String, into directory: String) async throws {
        let base = String(url[..<(url.lastIndex(of: "/") ?? url.endIndex)])
        let name = (url as NSString).lastPathComponent
        try await download(url, to: directory + "/" + name)
        let master = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        for variant in master.split(separator: "\n") where variant.hasSuffix(".m3u8") {
            let variantPath = directory + "/" + variant
            try await download(base + "/" + variant, to: variantPath)
            let folder = FilePaths.parent(of: String(variant))
            let playlist = try String(contentsOfFile: variantPath, encoding: .utf8)
            for segment in playlist.split(separator: "\n") where !segment.hasPrefix("#") && !segment.isEmpty {
                try await download(base + "/" + folder + "/" + segment, to: directory + "/" + folder + "/" + segment)
            }
        }
    }
}
