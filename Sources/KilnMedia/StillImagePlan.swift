import KilnCore

/// How libvips renders a still picture in process: the image kind from a PNG, JPEG or WebP
/// still. A pure function of the probed input and the options, like the rest of `EncodePlan`.
public struct StillImagePlan: Sendable, Equatable {
    public var input: String
    public var output: String
    public var format: ImageFormat
    /// The encoder's own quality scale (`RateControl.stillQuality`); PNG has none.
    public var quality: Int
    public var effort: Int
    /// The size the upright picture is scaled to, and how it becomes the frame.
    public var content: Layout.Size
    public var layout: Layout
    /// Whether the output keeps an alpha band.
    public var alpha: Bool
    /// Red, green, blue, alpha: the padding, and what transparency is flattened onto when
    /// the output has no alpha.
    public var background: [Double]

    /// The codecs an input may have for libvips to render it (`StillImageProbe` names them).
    static let stillCodecs: Set<String> = ["png", "mjpeg", "webp"]

    /// nil when the input is not a still libvips renders: video frames, animations and other
    /// formats stay with ffmpeg.
    static func make(input: MediaFile, inputPath: String, outputPath: String, options o: ImageOptions, layout: Layout, alphaFormat: Bool) -> StillImagePlan? {
        guard input.kind == .image, let codec = input.video?.name, stillCodecs.contains(codec) else { return nil }
        let keepsAlpha = alphaFormat && (input.video?.hasAlpha ?? false)
        let alpha = keepsAlpha || (alphaFormat && o.resize.background == nil && layout.mode != .scale)
        var background: [Double] = [0, 0, 0, alpha ? 0 : 255]
        if let colour = o.resize.background {
            background = [Double(colour.red), Double(colour.green), Double(colour.blue), 255]
        }
        let content: Layout.Size
        switch layout.mode {
        case .scale: content = layout.frame
        case .pad(let size, _), .crop(let size, _): content = size
        }
        let encoder = RateControl.stillEncoder(o.format, o.quality)
        return StillImagePlan(
            input: inputPath, output: outputPath, format: o.format, quality: encoder.quality, effort: encoder.effort,
            content: content, layout: layout, alpha: alpha, background: background
        )
    }
}
