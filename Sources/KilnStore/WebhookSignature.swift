import Crypto
import Foundation

/// Standard Webhooks signing: `webhook-id`, `webhook-timestamp` (Unix seconds) and
/// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one `v1,` entry per
/// secret that signs (two while a rotated secret is still valid). Secrets read `whsec_<base64>`.
public enum WebhookSignature {
    /// A new secret: 24 random bytes.
    public static func newSecret() -> String {
        "whsec_" + Data(SymmetricKey(size: .bits192).withUnsafeBytes { Array($0) }).base64EncodedString()
    }

    /// The headers of one delivery.
    public static func headers(id: String, timestamp: Int64, body: String, secrets: [String]) -> [(String, String)] {
        let signed = "\(id).\(timestamp).\(body)"
        let signatures = secrets.compactMap { secret -> String? in
            guard let key = key(secret) else { return nil }
            let mac = HMAC<SHA256>.authenticationCode(for: Data(signed.utf8), using: key)
            return "v1," + Data(mac).base64EncodedString()
        }
        return [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signatures.joined(separator: " "))]
    }

    private static func key(_ secret: String) -> SymmetricKey? {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        return Data(base64Encoded: encoded).map { SymmetricKey(data: $0) }
    }
}
