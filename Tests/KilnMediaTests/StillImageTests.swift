import Foundation
import KilnCore
import KilnMedia
import Testing

/// Still pictures in process with libvips: the probe gives the file object ffprobe gives, and
/// the planner sends stills (and only stills) to libvips.
@Suite(.serialized) struct StillImageTests {
    static let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KilnAPITests/Fixtures/media")

    /// Makes `name` in `directory` with ffmpeg from `source` (a file, or a lavfi graph) and `arguments`.
    static func make(_ name: String, from source: String, _ arguments: [String], in directory: URL, lavfi: Bool = false) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-v", "error", "-y"] + (lavfi ? ["-f", "lavfi"] : []) + ["-i", source] + arguments + [path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MediaError.encodeFailed("ffmpeg could not make \(name)") }
        return path
    }

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-still-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theProbeMatchesFFprobeOnStills() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let astronaut = Self.media.appendingPathComponent("astronaut.png").path
        let logo = Self.media.appendingPathComponent("logo.png").path
        // (path on disk, the input's file name): ffprobe names a JPEG's format by either.
        var files: [(String, String)] = [(astronaut, "astronaut.png"), (logo, "logo.png")]
        let copies: [(String, String, [String])] = [
            ("input", astronaut, ["-f", "image2", "-c:v", "mjpeg", "-q:v", "3"]),
            ("photo.jpg", astronaut, ["-q:v", "3"]),
            ("grey.png", astronaut, ["-pix_fmt", "gray"]),
            ("grey.jpg", astronaut, ["-pix_fmt", "gray"]),
            ("deep.png", astronaut, ["-pix_fmt", "rgb48be"]),
            ("alpha.png", logo, []),
            ("picture", logo, ["-f", "image2", "-c:v", "png"]),
            ("lossy.webp", astronaut, ["-c:v", "libwebp", "-quality", "60"]),
        ]
        for (name, source, arguments) in copies {
            files.append((try Self.make(name, from: source, arguments, in: directory), name == "input" ? "upload.jpeg" : name))
        }
        files.append((files.first { $0.1 == "photo.jpg" }!.0, "photo"))
        let ffmpeg = FFmpeg()
        for (path, filename) in files {
            let vips = try await MediaEngine(ffmpeg: ffmpeg).probe(path: path, filename: filename)
            let probed = try await ffmpeg.probe(path: path, filename: filename)
            #expect(vips.json == probed.json, "\(filename): \(vips.json.serialized()) vs ffprobe \(probed.json.serialized())")
            #expect(vips.video?.hasAlpha == probed.video?.hasAlpha, "\(filename)")
            #expect(vips.kind == .image && vips.rotation == probed.rotation)
        }
    }

    @Test func videosAnimationsAndOtherFormatsStayWithFFprobe() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bikes = Self.media.appendingPathComponent("bikes.mp4").path
        let apng = try Self.make("moving.png", from: bikes, ["-t", "0.5", "-f", "apng", "-plays", "0"], in: directory)
        let gif = try Self.make("moving.gif", from: bikes, ["-t", "0.5"], in: directory)
        let bmp = try Self.make("still.bmp", from: bikes, ["-frames:v", "1"], in: directory)
        for path in [bikes, apng, gif, bmp] {
            let engine = try await MediaEngine().probe(path: path, filename: (path as NSString).lastPathComponent)
            let probed = try await FFmpeg().probe(path: path, filename: (path as NSString).lastPathComponent)
            #expect(engine == probed, "\(path)")
        }
    }

    @Test func thePixelLimitIsCheckedFromTheHeader() async throws {
        let logo = Self.media.appendingPathComponent("logo.png").path
        await #expect(throws: MediaError.tooManyPixels(width: 500, height: 500, limit: 1000)) {
            try await MediaEngine().probe(path: logo, filename: "logo.png", maximumPixels: 1000)
        }
    }

    /// A JPEG whose EXIF says "turn 90° clockwise" (orientation 6).
    static func turnedJPEG(in directory: URL) throws -> String {
        let plain = try make("plain.jpg", from: media.appendingPathComponent("astronaut.png").path, ["-vf", "crop=512:256:0:0", "-q:v", "3"], in: directory)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plain)))
        // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112) = 6.
        let tiff: [UInt8] = [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        bytes.insert(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload, at: 2)
        let path = directory.appendingPathComponent("turned.jpg").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func exifOrientationIsApplied() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let turned = try Self.turnedJPEG(in: directory)
        let file = try await MediaEngine().probe(path: turned, filename: "turned.jpg")
        #expect(file.width == 256 && file.height == 512 && file.rotation == 90, "the display size")

        guard case .image(var options) = try JobOptions.parse(JSONObject(), kind: .image) else { return }
        options.format = .png
        let plan = try EncodePlan.make(input: file, inputPath: turned, options: .image(options), outputDirectory: directory.path, baseName: "upright")
        #expect(plan.still != nil && plan.frame == Layout.Size(256, 512))
        try await MediaEngine().encode(plan, scratchPaths: [directory.path]) { _ in }
        let output = try await MediaEngine().probe(path: directory.appendingPathComponent(plan.primaryOutput).path, filename: plan.primaryOutput)
        #expect(output.width == 256 && output.height == 512 && output.rotation == 0, "turned, not tagged")
    }

    @Test func stillsGoToLibvipsAndFramesOfVideosToFFmpeg() throws {
        let png = MediaFile(kind: .image, format: "png", width: 500, height: 500, video: .init(name: "png", pixelFormat: "rgba"))
        let video = MediaFile(kind: .video, width: 640, height: 272, duration: 10, video: .init(name: "h264", pixelFormat: "yuv420p"))
        let gif = MediaFile(kind: .image, format: "gif", width: 50, height: 50, video: .init(name: "gif", pixelFormat: "bgra"))
        func plan(_ input: MediaFile, _ json: String) throws -> EncodePlan {
            guard case .object(let object) = try JSONParser.parse(json) else { throw APIError.invalidRequest("object") }
            return try EncodePlan.make(input: input, inputPath: "/s/input", options: JobOptions.parse(object, kind: .image), outputDirectory: "/s/out", baseName: "logo")
        }
        let padded = try plan(png, #"{"format":"png","width":300,"height":200,"fit":"contain"}"#)
        let still = try #require(padded.still)
        #expect(padded.arguments.isEmpty && padded.primaryOutput == "logo.png" && still.output == "/s/out/logo.png")
        #expect(still.alpha && still.background == [0, 0, 0, 0] && still.content == Layout.Size(200, 200))
        #expect(still.layout.mode == .pad(content: Layout.Size(200, 200), offset: Layout.Size(50, 0)))

        let jpeg = try #require(try plan(png, ##"{"width":300,"height":200,"fit":"contain","background":"#0000ff","quality":"high"}"##).still)
        #expect(!jpeg.alpha && jpeg.background == [0, 0, 255, 255] && jpeg.format == .jpeg && jpeg.quality == 88)
        #expect(try plan(png, #"{"format":"avif","quality":"low"}"#).still?.quality == 37)
        #expect(try plan(png, #"{"format":"webp","width":100}"#).still?.alpha == true, "webp keeps the input's transparency")

        #expect(try plan(video, #"{"format":"webp","start":2}"#).still == nil)
        #expect(try plan(gif, #"{"format":"png"}"#).still == nil)
    }
}

extension StillImageTests {
    /// libvips 8.14 flags every WebP as carrying EXIF; ffmpeg must read Kiln's without a word.
    @Test func webpOutputsCarryOnlyThePicture() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Red at 20 % opacity (the logo's alpha is opaque: libwebp drops it).
        let transparent = try Self.make("transparent.png", from: "color=red@0.2:s=64x64,format=rgba", ["-frames:v", "1"], in: directory, lavfi: true)
        for (source, alpha) in [("transparent.png", true), ("astronaut.png", false)] {
            let path = alpha ? transparent : Self.media.appendingPathComponent(source).path
            let input = try await MediaEngine().probe(path: path, filename: source)
            guard case .image(var options) = try JobOptions.parse(JSONObject(), kind: .image) else { return }
            options.format = .webp
            let plan = try EncodePlan.make(input: input, inputPath: path, options: .image(options), outputDirectory: directory.path, baseName: "out")
            try await MediaEngine().encode(plan, scratchPaths: [directory.path]) { _ in }
            let output = directory.appendingPathComponent(plan.primaryOutput).path
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("EXIF") && !text.contains("ICCP"), "\(source)")
            #expect(text.contains("VP8X") == alpha && text.contains("ALPH") == alpha, "\(source)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["ffmpeg", "-v", "warning", "-i", output, "-f", "null", "-"]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let said = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && said.isEmpty, "\(source): \(String(decoding: said, as: UTF8.self))")
        }
    }
}
