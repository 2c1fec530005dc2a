import Foundation
import KilnStorage
import Testing

struct CRC32Tests {
    @Test func matchesTheStandardCheckValueAndZlib() throws {
        var check = CRC32()
        Array("123456789".utf8).withUnsafeBytes { check.update($0) }
        #expect(check.checksum == 0xCBF4_3926, "the CRC-32 check value")
        #expect(check.base64 == "y/Q5Jg==")

        // Odd lengths and split updates give what zlib gives for the whole.
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        var split = CRC32()
        bytes[..<12_345].withUnsafeBytes { split.update($0) }
        bytes[12_345...].withUnsafeBytes { split.update($0) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("crc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(bytes).write(to: file)
        let zlib = Process()
        zlib.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zlib.arguments = ["python3", "-c", "import sys, zlib; print(zlib.crc32(open(sys.argv[1], 'rb').read()))", file.path]
        let output = Pipe()
        zlib.standardOutput = output
        try zlib.run()
        zlib.waitUntilExit()
        let expected = UInt32(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(split.checksum == expected)
    }
}
