import Foundation
import Hummingbird
import Logging

/// A loopback HTTP server that plays the internet for jobs: the test media, and the ways a
/// source goes wrong (404, silence, redirects to private addresses, junk).
struct MediaServer: Sendable {
    let baseURL: String
    let counter: RequestCounter

    func url(_ path: String) -> String { baseURL + path }

    /// How many times `path` was asked for.
    func requests(for path: String) -> Int { counter.count(path) }

    final class RequestCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func add(_ path: String) { lock.withLock { counts[path, default: 0] += 1 } }
        func count(_ path: String) -> Int { lock.withLock { counts[path, default: 0] } }
    }

    static var mediaDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/media")
    }

    /// A 64×64 PNG that is red at 20 % opacity: the test media's logo has an opaque alpha channel.
    static func transparentPNG() throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-transparent-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try MediaInspector.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=red@0.2:s=64x64,format=rgba", "-frames:v", "1", path])
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func run<T: Sendable>(extraFiles: [String: Data] = [:], _ body: @Sendable (MediaServer) async throws -> T) async throws -> T {
        let router = Router()
        let counter = RequestCounter()
        router.get("/media/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            counter.add("/media/" + name)
            let data: Data
            if let extra = extraFiles[name] {
                data = extra
            } else if name == "transparent.png" {
                data = try MediaServer.transparentPNG()
            } else if !name.contains(".."), let file = try? Data(contentsOf: mediaDirectory.appendingPathComponent(name)) {
                data = file
            } else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        // Answers once `count` requests wait at once: jobs that fetch it finish only if they overlap.
        let together = Rendezvous()
        router.get("/together/:count/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            guard let count = Int(context.parameters.get("count") ?? ""), !name.contains(".."),
                let file = try? Data(contentsOf: mediaDirectory.appendingPathComponent(name))
            else { return Response(status: .notFound) }
            await together.arrive(count)
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: file)))
        }
        router.get("/silent") { _, _ -> Response in
            try await Task.sleep(for: .seconds(60))
            return Response(status: .ok)
        }
        router.get("/redirect-private") { _, _ -> Response in
            Response(status: .found, headers: [.location: "http://169.254.169.254/latest/meta-data/"])
        }
        router.get("/redirect-loop/:n") { _, context -> Response in
            let n = Int(context.parameters.get("n") ?? "0") ?? 0
            return Response(status: .found, headers: [.location: "/redirect-loop/\(n + 1)"])
        }
        router.get("/redirect/:name") { _, context -> Response in
            Response(status: .movedPermanently, headers: [.location: "/media/\(context.parameters.get("name") ?? "")"])
        }
        let logger = Logger(label: "media-server", factory: { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("media server did not start") }
            let result = try await body(MediaServer(baseURL: "http://127.0.0.1:\(port)", counter: counter))
            group.cancelAll()
            return result
        }
    }
}

/// Holds requests until `count` of them wait at once, then lets them all go (and every later one).
actor Rendezvous {
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var open = false

    func arrive(_ count: Int) async {
        if open { return }
        if waiting.count + 1 >= count {
            open = true
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
