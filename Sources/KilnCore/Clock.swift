import Foundation

/// The wall clock in Unix milliseconds, swappable in tests.
public struct KilnClock: Sendable {
    public var nowMillis: @Sendable () -> Int64

    public init(nowMillis: @escaping @Sendable () -> Int64) {
        self.nowMillis = nowMillis
    }

    public static let system = KilnClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
