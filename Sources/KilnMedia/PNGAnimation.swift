import Foundation

/// Whether a PNG is an APNG: an `acTL` chunk before the first `IDAT`. libvips reads only an
/// APNG's first frame, so an APNG stays with ffprobe and ffmpeg.
enum PNGAnimation {
    static func isAnimated(path: String) -> Bool {
        guard let file = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? file.close() }
        var offset: UInt64 = 8
        // A chunk is length (4, big-endian), type (4), data, CRC (4).
        for _ in 0..<10_000 {
            guard (try? file.seek(toOffset: offset)) != nil, let head = try? file.read(upToCount: 8), head.count == 8 else { return false }
            let bytes = [UInt8](head)
            let length = UInt64(bytes[0]) << 24 | UInt64(bytes[1]) << 16 | UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            switch String(decoding: bytes[4..<8], as: UTF8.self) {
            case "acTL": return true
            case "IDAT", "IEND": return false
            default: offset += 12 + length
            }
        }
        return false
    }
}
