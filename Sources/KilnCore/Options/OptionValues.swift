/// The values shared by several kinds' options.
public enum Quality: String, Sendable, CaseIterable, Hashable, Comparable {
    case veryLow = "very_low", low, medium, high, veryHigh = "very_high"

    /// 0 (very_low) … 4 (very_high), for rate-control tables.
    public var step: Int { Quality.allCases.firstIndex(of: self)! }

    public static func < (lhs: Quality, rhs: Quality) -> Bool { lhs.step < rhs.step }
}

/// A requested width or height.
public enum Dimension: Sendable, Hashable {
    case pixels(Int)
    case percent(Int)

    public static let pixelRange = 2...8192
    public static let percentRange = 1...100

    /// The size in pixels for an input dimension.
    public func resolve(against input: Int) -> Int {
        switch self {
        case .pixels(let p): return p
        case .percent(let pct): return max(1, Int((Double(input) * Double(pct) / 100).rounded()))
        }
    }
}

public enum Fit: String, Sendable, CaseIterable, Hashable {
    case contain, cover, fill
}

public enum Position: String, Sendable, CaseIterable, Hashable {
    case center, top, bottom, left, right
    case topLeft = "top_left", topRight = "top_right", bottomLeft = "bottom_left", bottomRight = "bottom_right"
}

/// A `#rgb` or `#rrggbb` colour.
public struct RGBColor: Sendable, Hashable {
    public let red: UInt8, green: UInt8, blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init?(hex: String) {
        guard hex.hasPrefix("#") else { return nil }
        var digits = Array(hex.dropFirst())
        guard digits.count == 3 || digits.count == 6, digits.allSatisfy(\.isHexDigit) else { return nil }
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        let value = Int(String(digits), radix: 16)!
        self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// `0xRRGGBB`, as ffmpeg's colour syntax takes it.
    public var ffmpegValue: String {
        "0x" + [red, green, blue].map { b in
            let s = String(b, radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}

/// How the output is sized: both sizes, one (aspect kept), or none (input size).
public struct Resize: Sendable, Hashable {
    public var width: Dimension?
    public var height: Dimension?
    public var fit: Fit
    public var position: Position
    public var background: RGBColor?

    public init(width: Dimension? = nil, height: Dimension? = nil, fit: Fit, position: Position = .center, background: RGBColor? = nil) {
        self.width = width
        self.height = height
        self.fit = fit
        self.position = position
        self.background = background
    }
}

/// A time range of the input, in seconds.
public struct Trim: Sendable, Hashable {
    public var start: Double?
    public var end: Double?

    public init(start: Double? = nil, end: Double? = nil) {
        self.start = start
        self.end = end
    }
}
