import KilnCore

/// What each `quality` means for each encoder: one step up is always a larger, better file.
/// The README's quality table is this file.
public enum RateControl {
    /// Constant-quality values, very_low … very_high (lower is better for every one of them).
    public static func crf(_ codec: VideoCodec, _ quality: Quality) -> Int {
        switch codec {
        case .h264: return [31, 26, 22, 19, 16][quality.step]
        case .h265: return [34, 30, 27, 24, 21][quality.step]
        case .vp9: return [48, 42, 36, 31, 26][quality.step]
        case .av1: return [50, 44, 38, 32, 26][quality.step]
        }
    }

    /// Encoder speed presets. x264's `veryfast` at CRF 22 matches ffmpeg's default (`medium`,
    /// CRF 23) within 0.001 SSIM and a few percent of size, in two thirds of the time
    /// (bench/pipeline has the figures).
    public static let x264Preset = "veryfast"
    public static let x265Preset = "faster"
    public static let vp9CPUUsed = "4"
    public static let svtAV1Preset = "8"

    /// AAC/Opus bitrate for a video's audio track, in bits per second.
    public static func videoAudioBitrate(_ quality: Quality) -> Int {
        [64_000, 96_000, 128_000, 160_000, 192_000][quality.step]
    }

    public static func audioArguments(_ format: AudioFormat, _ quality: Quality, bitrate: Int?) -> [String] {
        switch format {
        case .mp3:
            if let bitrate { return ["-c:a", "libmp3lame", "-b:a", "\(bitrate)"] }
            return ["-c:a", "libmp3lame", "-q:a", ["7", "5", "4", "2", "0"][quality.step]]
        case .aac:
            return ["-c:a", "aac", "-b:a", "\(bitrate ?? [64_000, 96_000, 128_000, 192_000, 256_000][quality.step])"]
        case .ogg:
            if let bitrate { return ["-c:a", "libvorbis", "-b:a", "\(bitrate)"] }
            return ["-c:a", "libvorbis", "-q:a", ["1", "3", "4", "6", "8"][quality.step]]
        case .opus:
            return ["-c:a", "libopus", "-b:a", "\(bitrate ?? [32_000, 48_000, 64_000, 96_000, 128_000][quality.step])"]
        case .wav:
            return ["-c:a", "pcm_s16le"]
        case .flac:
            return ["-c:a", "flac", "-compression_level", "5"]
        }
    }

    /// Image encoders: quality → the encoder's own scale.
    public static func imageArguments(_ format: ImageFormat, _ quality: Quality, alpha: Bool) -> [String] {
        switch format {
        case .jpeg:
            return ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", ["14", "9", "5", "3", "2"][quality.step], "-f", "image2"]
        case .png:
            return ["-c:v", "png", "-pix_fmt", alpha ? "rgba" : "rgb24", "-f", "image2"]
        case .webp:
            return ["-c:v", "libwebp", "-quality", ["40", "60", "75", "85", "95"][quality.step], "-pix_fmt", alpha ? "yuva420p" : "yuv420p", "-f", "webp"]
        case .avif:
            return ["-c:v", "libaom-av1", "-still-picture", "1", "-crf", ["48", "40", "32", "24", "16"][quality.step], "-cpu-used", "6", "-pix_fmt", "yuv420p", "-f", "avif"]
        }
    }

    /// libvips' encoders for a still from a still (`StillImagePlan`): JPEG and WebP Q on the
    /// same steps as ffmpeg's; AVIF Q is libheif's scale for the same AV1 cq-levels as the AVIF
    /// CRFs above (libheif: cq = (100 − Q) × 63 / 100), at aom speed 6 (effort 3) as ffmpeg's
    /// cpu-used; PNG at zlib level 6, ffmpeg's default.
    public static func stillEncoder(_ format: ImageFormat, _ quality: Quality) -> (quality: Int, effort: Int) {
        switch format {
        case .jpeg: return ([50, 65, 80, 88, 95][quality.step], 0)
        case .png: return (100, 6)
        case .webp: return ([40, 60, 75, 85, 95][quality.step], 4)
        case .avif: return ([24, 37, 49, 62, 75][quality.step], 3)
        }
    }

    /// HLS ladder bitrates are scaled by quality.
    public static func ladderScale(_ quality: Quality) -> Double {
        [0.6, 0.8, 1.0, 1.25, 1.5][quality.step]
    }

    /// GIF palette size and dithering per quality.
    public static func gifPalette(_ quality: Quality) -> (colors: Int, dither: String) {
        [(32, "bayer:bayer_scale=3"), (64, "bayer:bayer_scale=2"), (128, "sierra2_4a"), (192, "sierra2_4a"), (256, "floyd_steinberg")][quality.step]
    }

    public static func animatedWebPQuality(_ quality: Quality) -> String {
        ["30", "50", "70", "82", "92"][quality.step]
    }
}
