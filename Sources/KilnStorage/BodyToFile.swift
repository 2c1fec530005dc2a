import AsyncHTTPClient
import Foundation
import NIOCore

/// Streams a response body to a file, chunk by chunk, stopping at a size limit: how inputs and
/// downloads reach the disk without being held in memory. Each caller names the failures in its
/// own error type.
enum BodyToFile {
    enum Failure: Error {
        case cannotStore
        case interrupted(reason: String)
        case tooLarge
    }

    /// The bytes written.
    static func write(_ body: HTTPClientResponse.Body, to path: String, maximumBytes: Int64) async throws -> Int64 {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure.cannotStore
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        var chunks = body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await chunks.next()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw Failure.interrupted(reason: NetworkFailure.describe(error))
            }
            guard let chunk else { return written }
            written += Int64(chunk.readableBytes)
            guard written <= maximumBytes else { throw Failure.tooLarge }
            do {
                try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            } catch {
                throw Failure.cannotStore
            }
        }
    }
}
