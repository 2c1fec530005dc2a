import Crypto
import Foundation
import KilnCore

/// API key secrets: `kiln_` and 40 random base62 characters. Only their SHA-256 is stored.
public enum APIKeySecret {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return "kiln_" + String((0..<40).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func hint(_ secret: String) -> String {
        String(secret.prefix(9)) + "…"
    }
}

/// The canonical SHA-256 of a request (route and body), so the same JSON written differently
/// matches and the same key on another route does not.
public enum RequestHash {
    public static func of(route: String, body: JSONValue) -> String {
        let text = route + "\n" + body.serialized(sortedKeys: true)
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
