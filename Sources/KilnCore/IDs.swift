import Foundation

/// The prefixes of Kiln's ids. Every id is `<prefix>_<26 chars>`, a ULID: 48 bits of Unix
/// milliseconds then 80 bits of randomness, in Crockford base32, so ids sort by creation time and
/// serve as pagination cursors.
public enum IDPrefix: String, Sendable, CaseIterable {
    case job, task, key, project = "proj", connection = "conn", worker, event = "evt", endpoint = "we", delivery = "dlv", request = "req"
}

/// Makes ids, swappable in tests.
public struct IDSource: Sendable {
    public var make: @Sendable (IDPrefix) -> String

    public init(make: @escaping @Sendable (IDPrefix) -> String) {
        self.make = make
    }

    public static func live(clock: KilnClock = .system) -> IDSource {
        let generator = MonotonicULID(clock: clock)
        return IDSource { prefix in prefix.rawValue + "_" + generator.next() }
    }

    /// Whether `id` has the shape of an id with this prefix.
    public static func isWellFormed(_ id: String, prefix: IDPrefix) -> Bool {
        let expected = prefix.rawValue + "_"
        guard id.hasPrefix(expected), id.utf8.count <= expected.utf8.count + 40 else { return false }
        let rest = id.utf8.dropFirst(expected.utf8.count)
        return !rest.isEmpty && rest.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
    }
}

/// ULIDs that keep increasing within one process even when many are made in the same millisecond.
final class MonotonicULID: @unchecked Sendable {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private let lock = NSLock()
    private let clock: KilnClock
    private var lastMillis: Int64 = 0
    private var randomHigh: UInt16 = 0
    private var randomLow: UInt64 = 0

    init(clock: KilnClock) { self.clock = clock }

    func next() -> String {
        lock.lock()
        let now = clock.nowMillis()
        if now > lastMillis {
            lastMillis = now
            randomHigh = UInt16.random(in: 0...UInt16.max)
            randomLow = UInt64.random(in: 0...UInt64.max)
        } else {
            // Same (or earlier) millisecond: count up from the previous value.
            let (sum, overflow) = randomLow.addingReportingOverflow(1)
            randomLow = sum
            if overflow { randomHigh &+= 1 }
        }
        let millis = UInt64(lastMillis)
        let high = randomHigh
        let low = randomLow
        lock.unlock()
        return Self.encode(millis: millis, high: high, low: low)
    }

    static func encode(millis: UInt64, high: UInt16, low: UInt64) -> String {
        var out = [UInt8](repeating: 0, count: 26)
        // 48-bit time → 10 chars (50 bits, top 2 zero).
        var t = millis & 0xFFFF_FFFF_FFFF
        for i in stride(from: 9, through: 0, by: -1) {
            out[i] = alphabet[Int(t & 31)]
            t >>= 5
        }
        // 80-bit randomness → 16 chars.
        var lowBits = low
        var highBits = UInt64(high)
        for i in stride(from: 25, through: 10, by: -1) {
            out[i] = alphabet[Int(lowBits & 31)]
            lowBits = (lowBits >> 5) | ((highBits & 31) << 59)
            highBits >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }
}
