/// Path arithmetic on plain strings. Foundation's `NSString.deletingLastPathComponent` traps on
/// a one-character path ("o", "o/") in the corelibs of Swift 6.3, and `kiln video -o o` is a
/// path a user may type, so every caller takes a path's parent from here.
public enum FilePaths {
    /// The path without its last component and the slashes before it, as
    /// `NSString.deletingLastPathComponent` answers: "" for a bare name, "/" for a name at the root
    /// (and for the root, which Foundation makes "" when it is written "//").
    public static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var parent = trimmed[..<slash]
        while parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }
}
