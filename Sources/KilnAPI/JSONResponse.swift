import Hummingbird
import KilnCore

extension Response {
    /// A JSON response from already-serialised text.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(buffer: ByteBuffer(string: text), status: status, headers: headers)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(buffer: ByteBuffer(bytes: value.serializedBytes()), status: status, headers: headers)
    }

    static func json(buffer: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func error(_ error: APIError) -> Response {
        json(error.json, status: HTTPResponse.Status(code: error.httpStatus))
    }
}

extension Request {
    /// The body parsed as JSON, at most 1 MiB.
    func jsonBody() async throws -> JSONValue {
        let buffer = try await body.collect(upTo: APILimits.maximumBodyBytes)
        guard buffer.readableBytes > 0 else {
            throw APIError.invalidRequest("the request body is empty; send a JSON object")
        }
        do {
            return try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw APIError.invalidRequest("the request body is not valid JSON: \(error.message)")
        }
    }

    /// Query parameters as a dictionary (the first value of each name wins), refusing names the
    /// route does not know so a typo is not silently ignored.
    func queryParameters(allowed: [String]) throws -> [String: String] {
        var params: [String: String] = [:]
        for (name, value) in uri.queryParameters {
            let key = String(name)
            guard allowed.contains(key) else {
                throw APIError.invalidRequest("unknown query parameter '\(key)'; allowed: \(allowed.joined(separator: ", "))")
            }
            if params[key] == nil { params[key] = String(value) }
        }
        return params
    }
}

enum APILimits {
    static let maximumBodyBytes = 1 << 20
    static let maximumIdempotencyKeyLength = 255
}
