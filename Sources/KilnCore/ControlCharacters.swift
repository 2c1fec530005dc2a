/// Control characters (C0, DEL and C1) are never part of a URL or a file name as sent: a NUL or an
/// escape that slipped through would cut a path short, fool a log or name another file.
extension Unicode.Scalar {
    public var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}

extension StringProtocol {
    public var containsControlCharacter: Bool { unicodeScalars.contains(where: \.isControlCharacter) }
}
