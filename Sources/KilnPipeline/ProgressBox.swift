import Foundation

/// The latest progress an encoder reported, taken by the writer that records it once a second.
final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: Double?

    func set(_ value: Double) { lock.withLock { latest = value } }

    func take() -> Double? {
        lock.withLock {
            defer { latest = nil }
            return latest
        }
    }
}
