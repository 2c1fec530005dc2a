import Crypto
import Foundation

/// Encrypts connection secrets at rest with AES-GCM. The key comes from `KILN_SECRET_KEY` (any
/// string; its SHA-256 is the key) or from a random key generated once into the data directory
/// with mode 0600.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// The key of a data directory: `secret` if given, else `<directory>/secret.key`, created if missing.
    public static func forDataDirectory(_ directory: String, secret: String?) throws -> SecretBox {
        if let secret, !secret.isEmpty {
            return SecretBox(key: SymmetricKey(data: SHA256.hash(data: Data(secret.utf8))))
        }
        let path = (directory as NSString).appendingPathComponent("secret.key")
        if let existing = FileManager.default.contents(atPath: path), existing.count == 32 {
            return SecretBox(key: SymmetricKey(data: existing))
        }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        return SecretBox(key: key)
    }

    public func seal(_ secret: String) throws -> String {
        try AES.GCM.seal(Data(secret.utf8), using: key).combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw CryptoKitError.incorrectParameterSize }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
    }
}
