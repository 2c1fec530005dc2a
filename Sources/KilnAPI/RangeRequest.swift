/// What a `Range` header asks of a file of `size` bytes, by RFC 9110 §14: one satisfiable range
/// is a part; a header that is not a byte range, is malformed or asks for several ranges gets the
/// whole file (the RFC lets a server ignore it); nothing satisfiable is `416`.
enum RangeRequest: Equatable {
    case whole
    case part(ClosedRange<Int64>)
    case unsatisfiable

    init(header: String?, size: Int64) {
        guard let header, let equals = header.firstIndex(of: "=") else {
            self = .whole
            return
        }
        let unit = header[..<equals].trimmingSpaces
        guard unit.lowercased() == "bytes" else {
            self = .whole
            return
        }
        // `1#range-spec`: empty list elements are allowed and ignored.
        let specs = header[header.index(after: equals)...].split(separator: ",").map(\.trimmingSpaces).filter { !$0.isEmpty }
        var ranges: [ClosedRange<Int64>?] = []
        for spec in specs {
            guard let parsed = Spec(spec) else {
                self = .whole
                return
            }
            ranges.append(parsed.resolved(size: size))
        }
        let satisfiable = ranges.compactMap { $0 }
        if specs.isEmpty {
            self = .whole
        } else if satisfiable.isEmpty {
            self = .unsatisfiable
        } else if specs.count == 1 {
            self = .part(satisfiable[0])
        } else {
            self = .whole
        }
    }

    /// One `range-spec`: `first-last`, `first-` or `-suffix`.
    private enum Spec {
        case from(Int64, through: Int64?)
        case suffix(Int64)

        init?(_ text: Substring) {
            guard let dash = text.firstIndex(of: "-") else { return nil }
            let first = text[..<dash], last = text[text.index(after: dash)...]
            if first.isEmpty {
                guard let length = Self.number(last) else { return nil }
                self = .suffix(length)
                return
            }
            guard let start = Self.number(first) else { return nil }
            if last.isEmpty {
                self = .from(start, through: nil)
                return
            }
            guard let end = Self.number(last), end >= start else { return nil }
            self = .from(start, through: end)
        }

        /// Digits only; a number past 64 bits is as good as infinite here.
        private static func number(_ digits: Substring) -> Int64? {
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return Int64(digits) ?? Int64.max
        }

        /// The bytes this spec names in a file of `size` bytes, nil when none.
        func resolved(size: Int64) -> ClosedRange<Int64>? {
            switch self {
            case .from(let start, let end):
                guard start < size else { return nil }
                return start...min(end ?? Int64.max, size - 1)
            case .suffix(let length):
                guard length > 0, size > 0 else { return nil }
                return max(0, size - length)...(size - 1)
            }
        }
    }
}

extension Substring {
    /// Without the optional white space (spaces and tabs) HTTP allows around list elements.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
