import Foundation
import KilnCore
import KilnStore

/// Remembers recently verified keys for a second, so a busy client costs one key lookup per
/// second instead of one per request. A revoked key therefore stops working within a second.
final class AuthCache: @unchecked Sendable {
    private struct Entry {
        let principal: Principal
        let expires: Int64
    }

    static let lifetimeMillis: Int64 = 1000
    private static let capacity = 10_000

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let store: any JobStore
    private let clock: KilnClock

    init(store: any JobStore, clock: KilnClock) {
        self.store = store
        self.clock = clock
    }

    func principal(for secret: String) async throws -> Principal? {
        let now = clock.nowMillis()
        if let entry = lock.withLock({ entries[secret] }), entry.expires > now {
            return entry.principal
        }
        guard let principal = try await store.authenticate(secret: secret) else {
            lock.withLock { _ = entries.removeValue(forKey: secret) }
            return nil
        }
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[secret] = Entry(principal: principal, expires: now + Self.lifetimeMillis)
        }
        return principal
    }
}
