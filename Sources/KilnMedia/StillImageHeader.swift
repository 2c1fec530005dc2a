/// What libvips read from a picture's header, without decoding it (`LibVips.header`).
public struct StillImageHeader: Sendable, Equatable {
    public enum Loader: String, Sendable {
        case png = "pngload", jpeg = "jpegload", webp = "webpload"
    }

    public var loader: Loader
    /// The stored size, before the EXIF orientation is applied.
    public var width: Int
    public var height: Int
    public var bands: Int
    /// Bits per sample of each band (8 or 16).
    public var bits: Int
    public var hasAlpha: Bool
    /// EXIF orientation 1–8.
    public var orientation: Int
    /// Frames of an animation; 1 for a still.
    public var pages: Int
    /// A progressive JPEG.
    public var interlaced: Bool
    /// A JPEG's chroma subsampling, "4:2:0"; "" otherwise.
    public var chroma: String

    public init(
        loader: Loader, width: Int, height: Int, bands: Int, bits: Int = 8, hasAlpha: Bool = false, orientation: Int = 1,
        pages: Int = 1, interlaced: Bool = false, chroma: String = ""
    ) {
        self.loader = loader
        self.width = width
        self.height = height
        self.bands = bands
        self.bits = bits
        self.hasAlpha = hasAlpha
        self.orientation = orientation
        self.pages = pages
        self.interlaced = interlaced
        self.chroma = chroma
    }

    /// Orientations 5–8 turn the picture a quarter.
    public var isTransposed: Bool { (5...8).contains(orientation) }

    /// Degrees clockwise the picture is turned for display (a mirror is not a turn).
    public var rotation: Int {
        switch orientation {
        case 3, 4: 180
        case 5, 6: 90
        case 7, 8: 270
        default: 0
        }
    }
}
