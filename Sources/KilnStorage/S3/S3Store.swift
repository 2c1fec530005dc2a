import AsyncHTTPClient
import Crypto
import Foundation
import KilnCore
import NIOCore
import NIOHTTP1

/// An `s3://bucket/key` address.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    public init?(_ url: String) {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex else { return nil }
        bucket = String(rest[..<slash])
        key = String(rest[rest.index(after: slash)...])
        guard !key.isEmpty else { return nil }
    }

    public var url: String { "s3://\(bucket)/\(key)" }
}

/// An S3-compatible bucket store over AsyncHTTPClient with SigV4: path-style or virtual-hosted
/// addressing, streaming downloads, multipart uploads for large files (aborted on failure so no
/// partial object is left), retries with backoff on 5xx and throttling. Throws `S3Error`.
public struct S3Store: Sendable {
    public var endpoint: String
    public var forcePathStyle: Bool
    let signer: SigV4
    /// Sends every request. The store never shuts it down: whoever made it does.
    public let httpClient: HTTPClient
    /// Dates the signatures.
    public let clock: KilnClock

    /// Files up to this size go up in one PUT; larger ones in parts of this size.
    public static let partSize = 8 << 20
    static let parallelParts = 10
    static let attempts = 4
    /// How long a request may wait for its answer, connecting included (the HTTP client keeps
    /// trying to connect until then, so an unreachable endpoint fails after this long).
    static let requestTimeout: TimeAmount = .seconds(15)

    /// `httpClient` defaults to AsyncHTTPClient's process-wide `HTTPClient.shared` (never shut
    /// down); a node passes the one client it made (e.g. `InputFetcher.makeClient(limits:)`) and
    /// shuts it down after the store's last use. `clock` defaults to the system clock.
    public init(
        endpoint: String, region: String, accessKeyID: String, secretAccessKey: String, forcePathStyle: Bool,
        httpClient: HTTPClient = .shared, clock: KilnClock = .system
    ) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.forcePathStyle = forcePathStyle
        self.signer = SigV4(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, region: region)
        self.httpClient = httpClient
        self.clock = clock
    }

    /// The endpoint as messages show it: without any user or password it might carry.
    var shownEndpoint: String {
        guard var parts = URLComponents(string: endpoint), parts.user != nil || parts.password != nil else { return endpoint }
        parts.user = nil
        parts.password = nil
        return parts.string ?? "the connection's endpoint"
    }

    // MARK: Uploads

    /// Uploads a local file; large files in parts, a few at a time.
    public func upload(file path: String, to location: S3Location, contentType: String) async throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { throw S3Error.fileUnreadable(reason: "it is missing or not readable") }
        defer { try? handle.close() }
        if size <= Self.partSize {
            let whole = try FileSlice(descriptor: handle.fileDescriptor, offset: 0, count: size).digested()
            _ = try await send("PUT", location, payload: .file(whole), headers: [("Content-Type", contentType), ("x-amz-checksum-crc32", whole.crc32)])
            return
        }
        // Each part carries its CRC-32, which the storage checks, and the object gets a composite one.
        let created = try await send("POST", location, query: [("uploads", "")], headers: [("Content-Type", contentType), ("x-amz-checksum-algorithm", "CRC32")])
        guard let uploadID = Self.element("UploadId", in: created.body) else { throw S3Error.unexpectedAnswer("the storage did not start a multipart upload") }
        do {
            let partCount = (size + Self.partSize - 1) / Self.partSize
            var etags = [(etag: String, crc32: String)](repeating: ("", ""), count: partCount)
            try await withThrowingTaskGroup(of: (Int, (etag: String, crc32: String)).self) { group in
                var next = 0
                func addPart() {
                    let number = next
                    next += 1
                    group.addTask {
                        let offset = number * Self.partSize
                        let part = try FileSlice(descriptor: handle.fileDescriptor, offset: offset, count: min(Self.partSize, size - offset)).digested()
                        let response = try await send(
                            "PUT", location, query: [("partNumber", "\(number + 1)"), ("uploadId", uploadID)], payload: .file(part),
                            headers: [("x-amz-checksum-crc32", part.crc32)]
                        )
                        guard let etag = response.headers.first(name: "ETag") else { throw S3Error.unexpectedAnswer("the storage returned no ETag for part \(number + 1)") }
                        return (number, (etag, part.crc32))
                    }
                }
                for _ in 0..<min(Self.parallelParts, partCount) { addPart() }
                while let (number, etag) = try await group.next() {
                    etags[number] = etag
                    if next < partCount { addPart() }
                }
            }
            let parts = etags.enumerated().map { number, part in
                "<Part><PartNumber>\(number + 1)</PartNumber><ETag>\(Self.escapeXML(part.etag))</ETag><ChecksumCRC32>\(part.crc32)</ChecksumCRC32></Part>"
            }.joined()
            let body = ByteBuffer(string: "<CompleteMultipartUpload>\(parts)</CompleteMultipartUpload>")
            let completed = try await send("POST", location, query: [("uploadId", uploadID)], payload: .bytes(body), headers: [("Content-Type", "application/xml")])
            // The storage's own words; a 200 answer can still carry an error here.
            if completed.body.contains("<Error>") {
                throw S3Error.unexpectedAnswer(Self.element("Message", in: completed.body) ?? "the multipart upload did not complete")
            }
        } catch {
            // Leave nothing half-written behind, even when the upload was cancelled.
            // An unstructured task is not cancelled with this one, so the abort goes out either way.
            let abort = Task { try await send("DELETE", location, query: [("uploadId", uploadID)]) }
            _ = try? await abort.value
            throw error
        }
    }

    // MARK: Downloads

    /// Streams an object to a local file, returning its size.
    public func download(_ location: S3Location, to path: String, maximumBytes: Int64) async throws -> Int64 {
        let request = try signedRequest("GET", location, query: [], payload: nil, headers: [])
        let response = try await execute(request, retrying: true, timeout: Self.requestTimeout)
        guard response.status == .ok else {
            let text = try await collect(response.body, upTo: 64 << 10)
            throw describe(status: Int(response.status.code), body: text, location: location)
        }
        do {
            return try await BodyToFile.write(response.body, to: path, maximumBytes: maximumBytes)
        } catch BodyToFile.Failure.cannotStore {
            throw S3Error.cannotStoreDownload
        } catch BodyToFile.Failure.interrupted(let reason) {
            throw S3Error.interrupted(reason: reason)
        } catch BodyToFile.Failure.tooLarge {
            throw S3Error.tooLarge(limit: maximumBytes)
        }
    }

    /// Removes an object (S3 answers 204 whether or not it existed).
    public func delete(_ location: S3Location) async throws {
        _ = try await send("DELETE", location)
    }

    /// Removes many objects of one bucket, a thousand a request (S3's DeleteObjects) instead of
    /// a request each: a cancelled chunked job's pieces go in one. Like `delete`, a key that is
    /// not there is no error; S3 answers per key, and those answers are not read.
    public func delete(keys: [String], in bucket: String) async throws {
        for start in stride(from: 0, to: keys.count, by: Self.keysPerDelete) {
            let objects = keys[start..<min(start + Self.keysPerDelete, keys.count)].map { "<Object><Key>\(Self.escapeXML($0))</Key></Object>" }
            let body = Array("<Delete><Quiet>true</Quiet>\(objects.joined())</Delete>".utf8)
            // S3 refuses a DeleteObjects without a digest of its body.
            let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
            _ = try await send(
                "POST", S3Location(bucket: bucket, key: ""), query: [("delete", "")], payload: .bytes(ByteBuffer(bytes: body)),
                headers: [("Content-Type", "application/xml"), ("Content-MD5", md5)]
            )
        }
    }

    static let keysPerDelete = 1000

    /// Every key under `prefix` in `bucket` (ListObjectsV2, `pageSize` a request).
    public func keys(under prefix: String, in bucket: String, pageSize: Int = 1000) async throws -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("max-keys", "\(pageSize)"), ("prefix", prefix)]
            if let token { query.insert(("continuation-token", token), at: 0) }
            let page = try await send("GET", S3Location(bucket: bucket, key: ""), query: query).body
            keys += Self.elements("Key", in: page)
            token = Self.element("IsTruncated", in: page) == "true" ? Self.element("NextContinuationToken", in: page) : nil
        } while token != nil
        return keys
    }

    // MARK: Requests

    struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: String
    }

    /// Sends a request with a small body, retrying on 5xx and throttling; non-2xx answers become errors.
    func send(_ method: String, _ location: S3Location, query: [(String, String)] = [], payload: Payload? = nil, headers: [(String, String)] = []) async throws -> Response {
        let request = try signedRequest(method, location, query: query, payload: payload, headers: headers)
        // A request carrying a part has its upload to make before the answer comes.
        let response = try await execute(request, retrying: true, timeout: (payload?.count ?? 0) > 1 << 20 ? .seconds(120) : Self.requestTimeout)
        let text = try await collect(response.body, upTo: 1 << 20)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw describe(status: Int(response.status.code), body: text, location: location)
        }
        return Response(status: Int(response.status.code), headers: response.headers, body: text)
    }

    private func signedRequest(_ method: String, _ location: S3Location, query: [(String, String)], payload: Payload?, headers: [(String, String)]) throws -> HTTPClientRequest {
        guard let base = URL(string: endpoint), let scheme = base.scheme, let endpointHost = base.host else {
            throw S3Error.invalidEndpoint
        }
        let port = base.port.map { ":\($0)" } ?? ""
        let host = forcePathStyle ? endpointHost + port : "\(location.bucket).\(endpointHost)\(port)"
        let basePath = base.path == "/" ? "" : base.path
        let path = basePath + (forcePathStyle ? "/\(location.bucket)/\(location.key)" : "/\(location.key)")
        let payloadHash = payload?.sha256 ?? SigV4.emptyPayloadHash
        let signed = signer.sign(method: method, path: path, query: query, headers: [("Host", host)] + headers, payloadHash: payloadHash, date: Date(timeIntervalSince1970: Double(clock.nowMillis()) / 1000))
        let queryText = query.map { "\(SigV4.encode($0.0))=\(SigV4.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: "\(scheme)://\(host)\(SigV4.encodePath(path))" + (queryText.isEmpty ? "" : "?" + queryText))
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Host", value: host)
        for (name, value) in headers + signed { request.headers.add(name: name, value: value) }
        switch payload {
        case .bytes(let buffer)?: request.body = .bytes(buffer)
        case .file(let part)?: request.body = .stream(part.slice, length: .known(Int64(part.slice.count)))
        case nil: break
        }
        return request
    }

    /// `timeout` bounds the wait for the answer's head (connecting included); a body then streams without limit.
    private func execute(_ request: HTTPClientRequest, retrying: Bool, timeout: TimeAmount) async throws -> HTTPClientResponse {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await httpClient.execute(request, timeout: timeout)
                let code = Int(response.status.code)
                if retrying, attempt < Self.attempts, code >= 500 || code == 429 {
                    try await Task.sleep(for: .milliseconds(200 << attempt))
                    continue
                }
                return response
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw S3Error.endpointUnreachable(endpoint: shownEndpoint, reason: NetworkFailure.describe(error))
            }
        }
    }

    /// A small answer's body as text.
    private func collect(_ body: HTTPClientResponse.Body, upTo limit: Int) async throws -> String {
        do {
            return String(buffer: try await body.collect(upTo: limit))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw S3Error.interrupted(reason: NetworkFailure.describe(error))
        }
    }

    /// The storage's own error, in words that name the cause and never the secret.
    func describe(status: Int, body: String, location: S3Location) -> S3Error {
        let code = Self.element("Code", in: body) ?? ""
        switch (status, code) {
        case (_, "NoSuchBucket"): return .bucketMissing(bucket: location.bucket, endpoint: shownEndpoint)
        case (_, "NoSuchKey"), (404, _): return .objectMissing(url: location.url)
        case (_, "InvalidAccessKeyId"): return .unknownAccessKeyID
        case (_, "SignatureDoesNotMatch"): return .secretRefused
        case (403, _): return .accessDenied(url: location.url, code: code)
        default: return .status(status, code: code)
        }
    }

    static func element(_ name: String, in xml: String) -> String? {
        elements(name, in: xml).first
    }

    /// The texts of every `<name>…</name>` in an S3 answer (flat elements, as its lists are).
    static func elements(_ name: String, in xml: String) -> [String] {
        var values: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            values.append(xmlUnescaped(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return values
    }

    static func xmlUnescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A request body: small bytes in memory, or a slice of a file read as it is sent, so a
/// part in flight costs a chunk of memory rather than the whole part.
enum Payload: Sendable {
    case bytes(ByteBuffer)
    case file(DigestedSlice)

    var count: Int {
        switch self {
        case .bytes(let buffer): buffer.readableBytes
        case .file(let part): part.slice.count
        }
    }

    /// The hex SHA-256 the signature covers.
    var sha256: String {
        switch self {
        case .bytes(let buffer): buffer.withUnsafeReadableBytes { SigV4.hex(SHA256.hash(data: $0)) }
        case .file(let part): part.sha256
        }
    }
}

/// A file slice with the digests of its bytes, read once before it is sent.
struct DigestedSlice: Sendable {
    let slice: FileSlice
    let sha256: String
    /// Base64, as `x-amz-checksum-crc32` takes it.
    let crc32: String
}

/// `count` bytes of an open file from `offset`, as chunks; each iteration reads it afresh, so a
/// retried request sends it again.
struct FileSlice: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let descriptor: Int32
    let offset: Int
    let count: Int
    static let chunkSize = 1 << 20

    /// Reads the slice once for its SHA-256 and CRC-32.
    func digested() throws -> DigestedSlice {
        var sha = SHA256()
        var crc = CRC32()
        var position = offset
        while position < offset + count {
            let chunk = try read(at: position)
            chunk.withUnsafeReadableBytes { bytes in
                sha.update(bufferPointer: bytes)
                crc.update(bytes)
            }
            position += chunk.readableBytes
        }
        return DigestedSlice(slice: self, sha256: SigV4.hex(sha.finalize()), crc32: crc.base64)
    }

    /// The next chunk from `position`; empty at the end.
    func read(at position: Int) throws -> ByteBuffer {
        let wanted = Swift.min(Self.chunkSize, offset + count - position)
        var buffer = ByteBufferAllocator().buffer(capacity: wanted)
        var failure: Int32?
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { space in
            let result = pread(descriptor, space.baseAddress, wanted, off_t(position))
            if result < 0 { failure = errno }
            return Swift.max(result, 0)
        }
        if let failure { throw S3Error.fileUnreadable(reason: String(cString: strerror(failure)).lowercased()) }
        if buffer.readableBytes == 0 && wanted > 0 { throw S3Error.fileUnreadable(reason: "it shrank while it was sent") }
        return buffer
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let slice: FileSlice
        var position: Int

        mutating func next() async throws -> ByteBuffer? {
            guard position < slice.offset + slice.count else { return nil }
            let chunk = try slice.read(at: position)
            position += chunk.readableBytes
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(slice: self, position: offset) }
}
