import Foundation
import KilnCore
import KilnStorage
import Testing

/// Kiln's SigV4 signer against AWS's published example and against botocore, an independent
/// implementation, on awkward keys and query strings.
@Suite struct SigV4Tests {
    let signer = SigV4(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    let may24 = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    @Test func awsDocumentedGetObjectExample() {
        let headers = signer.sign(
            method: "GET", path: "/test.txt", query: [], headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payloadHash: SigV4.emptyPayloadHash, date: may24
        )
        let authorization = headers.first { $0.0 == "Authorization" }?.1
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    struct Request: Sendable, CustomTestStringConvertible {
        let method: String
        let host: String
        let path: String
        let query: [(String, String)]
        let unsigned: Bool
        var testDescription: String { "\(method) \(path) \(query)" }
    }

    static let requests: [Request] = [
        Request(method: "GET", host: "bucket.s3.eu-west-1.amazonaws.com", path: "/videos/clip.mp4", query: [], unsigned: false),
        Request(method: "PUT", host: "127.0.0.1:9000", path: "/bucket/my folder/a b+c.mp4", query: [], unsigned: true),
        Request(method: "PUT", host: "127.0.0.1:9000", path: "/bucket/ünïcödé/видео 🎬.mp4", query: [("partNumber", "3"), ("uploadId", "a/b+c=d")], unsigned: true),
        Request(method: "POST", host: "bucket.r2.example.com", path: "/out/{id}/file~name.m3u8", query: [("uploads", "")], unsigned: false),
        Request(method: "GET", host: "s3.amazonaws.com", path: "/bucket", query: [("list-type", "2"), ("prefix", "a b/ü"), ("max-keys", "10")], unsigned: false),
        Request(method: "DELETE", host: "localhost:4566", path: "/bucket/key%20with%20percent", query: [("uploadId", "x y")], unsigned: false),
    ]

    @Test(arguments: requests)
    func matchesBotocore(_ request: Request) throws {
        let secret = "s3cr3t/with+chars=="
        let ours = SigV4(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret, region: "eu-west-1").sign(
            method: request.method, path: request.path, query: request.query, headers: [("Host", request.host)],
            payloadHash: request.unsigned ? SigV4.unsignedPayload : SigV4.emptyPayloadHash, date: may24
        )
        let query = request.query.map { "\(SigV4.encode($0.0))=\(SigV4.encode($0.1))" }.joined(separator: "&")
        let url = "https://\(request.host)\(SigV4.encodePath(request.path))" + (query.isEmpty ? "" : "?" + query)
        let spec: JSONValue = [
            "method": .string(request.method), "url": .string(url), "headers": ["Host": .string(request.host)],
            "access_key": "AKIDEXAMPLE", "secret_key": .string(secret), "region": "eu-west-1",
            "timestamp": "20130524T000000Z", "unsigned_payload": .bool(request.unsigned),
        ]
        let reference = try Self.botocore(spec)
        #expect(ours.first { $0.0 == "Authorization" }?.1 == reference["Authorization"]?.stringValue)
        #expect(ours.first { $0.0 == "x-amz-content-sha256" }?.1 == reference["X-Amz-Content-SHA256"]?.stringValue)
    }

    static func botocore(_ spec: JSONValue) throws -> JSONValue {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/sigv4-reference.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(spec.serialized().utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONParser.parse(Array(data))
    }
}
