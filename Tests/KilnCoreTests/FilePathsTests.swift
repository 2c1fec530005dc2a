import KilnCore
import Testing

/// `FilePaths.parent` answers as `NSString.deletingLastPathComponent` does (bar "//", the root),
/// including for the one-character paths that trap in Foundation.
@Suite struct FilePathsTests {
    @Test(arguments: [
        ("o", ""), ("o/", ""), ("ab", ""), ("out.mp4", ""), ("/", "/"), ("//", "/"), ("/x", "/"), ("/x/", "/"),
        ("a/b", "a"), ("a//b", "a"), ("a/b/", "a"), ("./x", "."), ("../x", ".."), ("/tmp/job/out.mp4", "/tmp/job"),
        ("/tmp/job/out/", "/tmp/job"), ("", ""), ("a/é.mp4", "a"), ("é", ""), (".", ""),
    ])
    func parent(path: String, expected: String) {
        #expect(FilePaths.parent(of: path) == expected, "\(path)")
    }
}
