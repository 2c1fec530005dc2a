import KilnCore

/// The file object of a still PNG, JPEG or WebP from its libvips header: the same `MediaFile`
/// ffprobe's output gives (`ProbeParser`), without starting a process. Pure.
///
/// Two differences, both on purpose: a JPEG's EXIF orientation is applied (its size is the
/// display size and `rotation` says the turn; ffprobe 5 ignores EXIF), and a lossy WebP with
/// transparency says so (ffprobe 5 reports `yuv420p` for it without decoding).
public enum StillImageProbe {
    /// nil for an animation: those stay with ffprobe and ffmpeg.
    public static func mediaFile(_ header: StillImageHeader, pathExtension: String, filename: String?, filesize: Int64?) -> MediaFile? {
        guard header.pages <= 1, header.width > 0, header.height > 0 else { return nil }
        let codec: String
        let format: String
        var profile: String?
        switch header.loader {
        case .png:
            codec = "png"
            format = "png"
        case .webp:
            codec = "webp"
            format = "webp"
        case .jpeg:
            codec = "mjpeg"
            profile = header.interlaced ? "progressive" : "baseline"
            // ffprobe reads a JPEG whose path has an image extension with its image2 demuxer,
            // and then names the format after the file name's extension.
            if image2Extensions.contains(pathExtension.lowercased()) {
                format = ProbeParser.shortFormat(formatName: "image2", filename: filename, kind: .image, videoCodec: codec, audioCodec: nil, brand: nil)
            } else {
                format = "jpeg"
            }
        }
        let (width, height) = header.isTransposed ? (header.height, header.width) : (header.width, header.height)
        return MediaFile(
            kind: .image, filename: filename, filesize: filesize, mimetype: ProbeParser.mimetype(format, kind: .image),
            format: format, width: width, height: height,
            video: MediaFile.VideoCodec(name: codec, profile: profile, pixelFormat: pixelFormat(header)),
            rotation: header.rotation
        )
    }

    /// ffmpeg's name for the decoded pixels: what `MediaFile.VideoCodec.hasAlpha` reads.
    static func pixelFormat(_ header: StillImageHeader) -> String {
        switch header.loader {
        case .png:
            let deep = header.bits > 8
            switch header.bands {
            case 1: return deep ? "gray16be" : "gray"
            case 2: return deep ? "ya16be" : "ya8"
            case 3: return deep ? "rgb48be" : "rgb24"
            default: return deep ? "rgba64be" : "rgba"
            }
        case .jpeg:
            if header.bands == 1 { return "gray" }
            if header.bands == 4 { return "cmyk" }
            switch header.chroma {
            case "4:4:4": return "yuvj444p"
            case "4:2:2": return "yuvj422p"
            case "4:4:0": return "yuvj440p"
            case "4:1:1": return "yuvj411p"
            default: return "yuvj420p"
            }
        case .webp:
            return header.hasAlpha ? "yuva420p" : "yuv420p"
        }
    }

    /// The extensions of ffmpeg's image2 demuxer (libavformat/img2.c).
    static let image2Extensions: Set<String> = [
        "jpeg", "jpg", "jps", "mpo", "ljpg", "jls", "png", "pns", "mng", "ppm", "pnm", "pgm", "pgmyuv", "pbm", "pam", "pfm",
        "phm", "cri", "pix", "dds", "y", "raw", "bmp", "tga", "tiff", "tif", "dng", "sgi", "ptx", "pcd", "pcx", "pic",
        "pct", "pict", "sun", "ras", "rs", "im1", "im8", "im24", "im32", "sunras", "svg", "svgz", "j2c", "jp2", "jpc",
        "j2k", "dpx", "exr", "yuv10", "webp", "xbm", "xpm", "xface", "xwd", "img", "ximg", "timg", "vbn", "jxl", "qoi",
        "hdr", "wbmp",
    ]
}
