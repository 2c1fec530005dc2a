import CKilnVips
import Dispatch
import Foundation
import KilnCore

/// libvips in this process (Debian's libvips-dev, started once per process): header reads and
/// still renders, no program started.
public enum LibVips {
    /// The header of a PNG, JPEG or WebP, read without decoding; nil for any other file, or one
    /// whose header libvips cannot read (ffprobe then has its say, as before).
    public static func header(path: String) -> StillImageHeader? {
        var raw = kiln_vips_header()
        var error = [CChar](repeating: 0, count: 512)
        guard kiln_vips_read_header(path, &raw, &error, error.count) == 0,
            let loader = StillImageHeader.Loader(rawValue: string(raw.loader))
        else { return nil }
        return StillImageHeader(
            loader: loader, width: Int(raw.width), height: Int(raw.height), bands: Int(raw.bands), bits: Int(raw.bits),
            hasAlpha: raw.has_alpha != 0, orientation: Int(raw.orientation), pages: Int(raw.pages), interlaced: raw.interlaced != 0,
            chroma: string(raw.chroma)
        )
    }

    /// libvips' own threads, not the cooperative pool: a render blocks its thread for
    /// milliseconds (a 200 px thumbnail) up to a second or two (a 100-megapixel JPEG).
    private static let queue = DispatchQueue(label: "kiln.libvips", qos: .userInitiated, attributes: .concurrent)

    /// Renders the plan. A render cannot be stopped halfway; a cancel takes effect when it ends.
    /// `MediaError.encodeFailed` with libvips' message, cleaned of `scratchPaths`.
    public static func render(_ plan: StillImagePlan, scratchPaths: [String]) async throws {
        let message: String? = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: renderNow(plan)) }
        }
        try Task.checkCancellation()
        if let message {
            let cleaned = FFmpegMessage.clean(message, paths: scratchPaths + [plan.input, plan.output])
            throw MediaError.encodeFailed("libvips failed" + (cleaned.isEmpty ? "" : ": \(cleaned)"))
        }
    }

    /// nil on success, else libvips' message. Runs on `queue`.
    private static func renderNow(_ plan: StillImagePlan) -> String? {
        var error = [CChar](repeating: 0, count: 1024)
        let format: kiln_vips_format
        switch plan.format {
        case .jpeg: format = KILN_VIPS_JPEG
        case .png: format = KILN_VIPS_PNG
        case .webp: format = KILN_VIPS_WEBP
        case .avif: format = KILN_VIPS_AVIF
        }
        var mode = KILN_VIPS_SCALE
        var offset = Layout.Size(0, 0)
        switch plan.layout.mode {
        case .scale: break
        case .pad(_, let at):
            mode = KILN_VIPS_PAD
            offset = at
        case .crop(_, let at):
            mode = KILN_VIPS_CROP
            offset = at
        }
        let background = plan.background + [Double](repeating: 255, count: max(0, 4 - plan.background.count))
        let status = plan.input.withCString { input in
            plan.output.withCString { output in
                var render = kiln_vips_render(
                    input: input, output: output,
                    content_width: Int32(plan.content.width), content_height: Int32(plan.content.height), mode: mode,
                    frame_width: Int32(plan.layout.frame.width), frame_height: Int32(plan.layout.frame.height),
                    offset_x: Int32(offset.width), offset_y: Int32(offset.height), alpha: plan.alpha ? 1 : 0,
                    background: (background[0], background[1], background[2], background[3]),
                    format: format, quality: Int32(plan.quality), effort: Int32(plan.effort)
                )
                return kiln_vips_render_picture(&render, &error, error.count)
            }
        }
        guard status == 0 else { return String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        if plan.format == .webp, let written = FileManager.default.contents(atPath: plan.output),
            let clean = WebPChunks.pictureOnly([UInt8](written))
        {
            do {
                try Data(clean).write(to: URL(fileURLWithPath: plan.output))
            } catch {
                return "could not rewrite the WebP file"
            }
        }
        return nil
    }

    private static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
