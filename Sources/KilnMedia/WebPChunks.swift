/// libvips 8.14's WebP writer flags every file as carrying EXIF (and keeps the ICC profile when
/// told to strip metadata): ffmpeg then warns "invalid TIFF header in Exif data" on each read.
/// This keeps only the picture: `VP8X` (flags: alpha) + `ALPH` + `VP8 `, or the simple one-chunk
/// file — what libwebp writes for a still without metadata. Pure.
enum WebPChunks {
    /// The rewritten file, or nil when `bytes` is not a still WebP (left as it is).
    static func pictureOnly(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 12, bytes[0..<4] == ArraySlice("RIFF".utf8), bytes[8..<12] == ArraySlice("WEBP".utf8) else { return nil }
        var chunks: [(tag: String, bytes: ArraySlice<UInt8>)] = []
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            let end = offset + 8 + size + (size & 1)
            guard end <= bytes.count || offset + 8 + size == bytes.count else { return nil }
            chunks.append((String(decoding: bytes[offset..<offset + 4], as: UTF8.self), bytes[offset..<min(end, bytes.count)]))
            offset = end
        }
        let tags = Set(chunks.map(\.tag))
        guard !tags.contains("ANIM"), !tags.contains("ANMF") else { return nil }
        var body: [UInt8] = []
        if let header = chunks.first(where: { $0.tag == "VP8X" }), tags.contains("ALPH"), header.bytes.count >= 18 {
            var flags = Array(header.bytes)
            flags[8] = 0x10
            flags[9] = 0
            flags[10] = 0
            flags[11] = 0
            body += flags
            for chunk in chunks where chunk.tag == "ALPH" || chunk.tag == "VP8 " { body += chunk.bytes }
        } else if let picture = chunks.first(where: { $0.tag == "VP8 " || $0.tag == "VP8L" }) {
            body += picture.bytes
        } else {
            return nil
        }
        let size = body.count + 4
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24 & 0xFF)]
            + Array("WEBP".utf8) + body
    }
}
