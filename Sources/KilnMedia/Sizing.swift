import KilnCore

/// Where the picture goes: the output frame size and how the input is fitted into it. The
/// input is never scaled up except by `fit: fill` with both sizes given; a box larger than the
/// input shrinks, keeping its aspect ratio, until the input fits it at native size.
public struct Layout: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// Scale to exactly the frame.
        case scale
        /// Scale to `content`, then pad to the frame at `offset`.
        case pad(content: Size, offset: Size)
        /// Scale to `content`, then crop the frame at `offset`.
        case crop(content: Size, offset: Size)
    }

    public struct Size: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public init(_ width: Int, _ height: Int) {
            self.width = width
            self.height = height
        }
    }

    public var frame: Size
    public var mode: Mode

    public static func compute(input: Size, resize: Resize, evenDimensions: Bool) -> Layout {
        let round: (Double) -> Int = { value in
            evenDimensions ? max(2, Int((value / 2).rounded()) * 2) : max(1, Int(value.rounded()))
        }
        let iw = Double(input.width), ih = Double(input.height)
        switch (resize.width, resize.height) {
        case (nil, nil):
            return Layout(frame: Size(round(iw), round(ih)), mode: .scale)
        case (let w?, nil):
            let width = min(Double(w.resolve(against: input.width)), iw)
            return Layout(frame: Size(round(width), round(ih * width / iw)), mode: .scale)
        case (nil, let h?):
            let height = min(Double(h.resolve(against: input.height)), ih)
            return Layout(frame: Size(round(iw * height / ih), round(height)), mode: .scale)
        case (let w?, let h?):
            var bw = Double(w.resolve(against: input.width)), bh = Double(h.resolve(against: input.height))
            switch resize.fit {
            case .fill:
                return Layout(frame: Size(round(bw), round(bh)), mode: .scale)
            case .contain, .cover:
                var s = resize.fit == .contain ? min(bw / iw, bh / ih) : max(bw / iw, bh / ih)
                if s > 1 {
                    bw /= s
                    bh /= s
                    s = 1
                }
                let frame = Size(round(bw), round(bh))
                var content = Size(round(iw * s), round(ih * s))
                let (fx, fy) = fractions(resize.position)
                if resize.fit == .contain {
                    content = Size(min(content.width, frame.width), min(content.height, frame.height))
                    let offset = Size(evenOffset(Double(frame.width - content.width) * fx), evenOffset(Double(frame.height - content.height) * fy))
                    return Layout(frame: frame, mode: content == frame ? .scale : .pad(content: content, offset: offset))
                }
                content = Size(max(content.width, frame.width), max(content.height, frame.height))
                let offset = Size(Int((Double(content.width - frame.width) * fx).rounded(.down)), Int((Double(content.height - frame.height) * fy).rounded(.down)))
                return Layout(frame: frame, mode: content == frame ? .scale : .crop(content: content, offset: offset))
            }
        }
    }

    private static func evenOffset(_ value: Double) -> Int {
        Int((value / 2).rounded(.down)) * 2
    }

    static func fractions(_ position: Position) -> (Double, Double) {
        switch position {
        case .center: return (0.5, 0.5)
        case .top: return (0.5, 0)
        case .bottom: return (0.5, 1)
        case .left: return (0, 0.5)
        case .right: return (1, 0.5)
        case .topLeft: return (0, 0)
        case .topRight: return (1, 0)
        case .bottomLeft: return (0, 1)
        case .bottomRight: return (1, 1)
        }
    }

    /// ffmpeg filters that produce the frame from the (already rotated) input.
    /// Bicubic (ffmpeg's default) for moving pictures; lanczos, sharper and slower, for stills.
    public func filters(background: String, scaleFlags: String = "bicubic") -> [String] {
        switch mode {
        case .scale:
            return ["scale=\(frame.width):\(frame.height):flags=\(scaleFlags)", "setsar=1"]
        case .pad(let content, let offset):
            return [
                "scale=\(content.width):\(content.height):flags=\(scaleFlags)", "setsar=1",
                "pad=\(frame.width):\(frame.height):\(offset.width):\(offset.height):color=\(background)",
            ]
        case .crop(let content, let offset):
            return [
                "scale=\(content.width):\(content.height):flags=\(scaleFlags)", "setsar=1",
                "crop=\(frame.width):\(frame.height):\(offset.width):\(offset.height)",
            ]
        }
    }
}
