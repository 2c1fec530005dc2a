import KilnCore
import KilnMedia
import KilnStorage
import Testing

@Suite struct LayoutTests {
    typealias Size = Layout.Size
    let input = Size(1280, 720)

    @Test func oneSizeKeepsTheAspectRatioAndNeverUpscales() {
        #expect(Layout.compute(input: input, resize: Resize(width: .pixels(640), fit: .contain), evenDimensions: true).frame == Size(640, 360))
        #expect(Layout.compute(input: input, resize: Resize(height: .percent(50), fit: .contain), evenDimensions: true).frame == Size(640, 360))
        #expect(Layout.compute(input: input, resize: Resize(width: .pixels(4000), fit: .contain), evenDimensions: true).frame == input)
        #expect(Layout.compute(input: Size(641, 273), resize: Resize(fit: .contain), evenDimensions: true).frame == Size(642, 274))
        #expect(Layout.compute(input: Size(641, 273), resize: Resize(fit: .contain), evenDimensions: false).frame == Size(641, 273))
    }

    @Test func containPadsAtThePosition() {
        let layout = Layout.compute(input: input, resize: Resize(width: .pixels(400), height: .pixels(400), fit: .contain, position: .top), evenDimensions: true)
        #expect(layout.frame == Size(400, 400))
        #expect(layout.mode == .pad(content: Size(400, 226), offset: Size(0, 0)))
        let bottom = Layout.compute(input: input, resize: Resize(width: .pixels(400), height: .pixels(400), fit: .contain, position: .bottom), evenDimensions: true)
        #expect(bottom.mode == .pad(content: Size(400, 226), offset: Size(0, 174)))
    }

    @Test func aBoxLargerThanTheInputShrinksInsteadOfUpscaling() {
        let contain = Layout.compute(input: Size(640, 272), resize: Resize(width: .pixels(1280), height: .pixels(720), fit: .contain), evenDimensions: true)
        #expect(contain.frame == Size(640, 360))
        #expect(contain.mode == .pad(content: Size(640, 272), offset: Size(0, 44)))
        let cover = Layout.compute(input: Size(640, 272), resize: Resize(width: .pixels(1280), height: .pixels(720), fit: .cover), evenDimensions: true)
        #expect(cover.frame == Size(484, 272))
    }

    @Test func coverCropsAndFillStretches() {
        let cover = Layout.compute(input: input, resize: Resize(width: .pixels(300), height: .pixels(300), fit: .cover, position: .left), evenDimensions: true)
        #expect(cover.frame == Size(300, 300))
        #expect(cover.mode == .crop(content: Size(534, 300), offset: Size(0, 0)))
        let fill = Layout.compute(input: input, resize: Resize(width: .pixels(2000), height: .pixels(100), fit: .fill), evenDimensions: true)
        #expect(fill.frame == Size(2000, 100) && fill.mode == .scale)
    }
}

@Suite struct EncodePlanTests {
    let video = MediaFile(kind: .video, width: 1280, height: 720, duration: 10, video: .init(name: "h264", pixelFormat: "yuv420p"), audio: .init(name: "aac"))
    let audioOnly = MediaFile(kind: .audio, duration: 10, audio: .init(name: "mp3"))

    func plan(_ options: JobOptions, input: MediaFile? = nil) throws -> EncodePlan {
        try EncodePlan.make(input: input ?? video, inputPath: "/scratch/job/input", options: options, outputDirectory: "/scratch/job/out", baseName: "clip")
    }

    func options(_ kind: JobKind, _ json: String) throws -> JobOptions {
        guard case .object(let object) = try JSONParser.parse(json) else { throw APIError.invalidRequest("object") }
        return try JobOptions.parse(object, kind: kind)
    }

    @Test func videoCodecsAndContainers() throws {
        let h264 = try plan(options(.video, #"{"quality":"high"}"#)).arguments.joined(separator: " ")
        #expect(h264.contains("-c:v libx264") && h264.contains("-crf 19") && h264.contains("-profile:v high") && h264.contains("format=yuv420p"))
        #expect(h264.contains("-movflags +faststart") && h264.contains("-c:a aac") && h264.hasSuffix("-f mp4 /scratch/job/out/clip.mp4"))
        let vp9 = try plan(options(.video, #"{"format":"webm"}"#)).arguments.joined(separator: " ")
        #expect(vp9.contains("-c:v libvpx-vp9") && vp9.contains("-row-mt 1") && vp9.contains("-b:v 0") && vp9.contains("-c:a libopus") && !vp9.contains("faststart"))
        let av1 = try plan(options(.video, #"{"codec":"av1","bitrate":1000000}"#)).arguments.joined(separator: " ")
        #expect(av1.contains("-c:v libsvtav1") && av1.contains("-b:v 1000000") && !av1.contains("-crf"))
        let h265 = try plan(options(.video, #"{"format":"mov","codec":"h265","mute":true,"fps":24,"start":2,"end":5}"#))
        let text = h265.arguments.joined(separator: " ")
        #expect(text.contains("-tag:v hvc1") && text.contains("-an") && text.contains("fps=24") && text.contains("-ss 2.000") && text.contains("-t 3.000"))
        #expect(h265.expectedDuration == 3)
    }

    @Test func eachQualityStepIsBetter() {
        for codec in VideoCodec.allCases {
            let values = Quality.allCases.map { RateControl.crf(codec, $0) }
            #expect(values == values.sorted(by: >) && Set(values).count == 5)
        }
    }

    @Test func kindsThatNeedAPictureRefuseAudio() throws {
        #expect(throws: MediaError.self) { try plan(options(.image, "{}"), input: audioOnly) }
        #expect(throws: MediaError.self) { try plan(options(.video, "{}"), input: audioOnly) }
        let noAudio = MediaFile(kind: .video, width: 640, height: 272, duration: 10, video: .init(name: "h264"))
        #expect(throws: MediaError.self) { try plan(options(.audio, "{}"), input: noAudio) }
        #expect(throws: MediaError.self) { try plan(options(.video, #"{"start":11}"#)) }
    }

    @Test func audioFormats() throws {
        let expectations: [(String, String)] = [("mp3", "libmp3lame"), ("aac", "-f adts"), ("ogg", "libvorbis"), ("opus", "libopus"), ("wav", "pcm_s16le"), ("flac", "-c:a flac")]
        for (format, expected) in expectations {
            let text = try plan(options(.audio, #"{"format":"\#(format)"}"#)).arguments.joined(separator: " ")
            #expect(text.contains(expected) && text.contains("-vn"), "\(format): \(text)")
        }
    }

    @Test func adaptiveLadderKeepsRungsNoTallerThanTheSource() throws {
        let hls = try plan(options(.adaptiveVideo, "{}"))
        let text = hls.arguments.joined(separator: " ")
        #expect(hls.primaryOutput == "clip/master.m3u8" && hls.outputDirectory == "clip")
        #expect(text.contains("split=3") && text.contains("name:720p") && text.contains("name:480p") && text.contains("name:360p") && !text.contains("1080p"))
        #expect(text.contains("-hls_time 6") && text.contains("-sc_threshold 0") && text.contains("-b:v:0 3000000"))
        let capped = try plan(options(.adaptiveVideo, #"{"height":480,"quality":"very_high"}"#)).arguments.joined(separator: " ")
        #expect(capped.contains("split=2") && !capped.contains("720p") && capped.contains("-b:v:0 1800000"))
        let small = MediaFile(kind: .video, width: 320, height: 240, duration: 5, video: .init(name: "h264"))
        #expect(try plan(options(.adaptiveVideo, "{}"), input: small).arguments.joined(separator: " ").contains("name:240p"))
    }

    @Test func imagesAndAnimations() throws {
        let jpeg = try plan(options(.image, #"{"start":3,"width":320}"#)).arguments.joined(separator: " ")
        #expect(jpeg.contains("-ss 3.000") && jpeg.contains("-frames:v 1") && jpeg.contains("mjpeg") && jpeg.hasSuffix("clip.jpg"))
        let gif = try plan(options(.animation, #"{"end":2,"fps":12}"#)).arguments.joined(separator: " ")
        #expect(gif.contains("fps=12") && gif.contains("palettegen") && gif.contains("paletteuse") && gif.contains("-loop 0"))
    }
}

@Suite struct ProbeAndMessageTests {
    @Test func probeOutputBecomesAFileObject() throws {
        let json = try JSONParser.parse(#"""
            {"streams":[{"codec_type":"video","codec_name":"h264","profile":"High","level":40,"width":1920,"height":1080,"pix_fmt":"yuv420p","avg_frame_rate":"30000/1001",
              "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]},
              {"codec_type":"audio","codec_name":"aac","sample_rate":"48000","channels":2,"bit_rate":"128000"}],
             "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"62.500000","size":"1000","bit_rate":"3370000","tags":{"major_brand":"qt  "}}}
            """#)
        let file = try #require(ProbeParser.parse(json, filename: "interview.mov", filesize: nil))
        #expect(file.kind == .video && file.format == "mov" && file.mimetype == "video/quicktime")
        #expect(file.width == 1080 && file.height == 1920 && file.rotation == 90)
        #expect(file.video?.profile == "high" && file.video?.level == "4.0" && file.audio?.sampleRate == 48000)
        #expect(abs((file.framerate ?? 0) - 29.97) < 0.01 && file.duration == 62.5 && file.bitrate == 3_370_000)
        let object = file.json
        #expect(object["object"] == "file" && object["codecs"]?["audio"]?["channels"] == 2)

        let png = try JSONParser.parse(#"{"streams":[{"codec_type":"video","codec_name":"png","width":500,"height":500,"pix_fmt":"rgba"}],"format":{"format_name":"png_pipe"}}"#)
        let image = try #require(ProbeParser.parse(png, filename: "logo.png", filesize: 10))
        #expect(image.kind == .image && image.format == "png" && image.duration == nil && image.video?.hasAlpha == true)

        let nothing = try JSONParser.parse(#"{"streams":[{"codec_type":"data"}],"format":{"format_name":"mp4"}}"#)
        #expect(ProbeParser.parse(nothing, filename: nil, filesize: nil) == nil)
    }

    /// Numbers no Int holds, as a crafted file can make ffprobe print, are absent, not a trap.
    @Test func numbersOutOfRangeAreIgnored() throws {
        let json = try JSONParser.parse(#"""
            {"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":360,"avg_frame_rate":"30/1",
              "side_data_list":[{"side_data_type":"Display Matrix","rotation":1e300}]},
              {"codec_type":"audio","codec_name":"aac","sample_rate":"1e400","channels":-1e300}],
             "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"2.0","size":"1e30","bit_rate":"1e200"}}
            """#)
        let file = try #require(ProbeParser.parse(json, filename: "crafted.mov", filesize: nil))
        #expect(file.width == 640 && (file.rotation ?? 0) == 0)
        #expect(file.bitrate == nil && file.audio?.sampleRate == nil)
        let sizeless = try JSONParser.parse(#"{"streams":[{"codec_type":"video","codec_name":"h264","width":1e300,"height":"9e99"}],"format":{"format_name":"mp4"}}"#)
        #expect(ProbeParser.parse(sizeless, filename: nil, filesize: nil) == nil)
    }

    @Test func ffmpegMessagesLoseServerPaths() {
        let tail = "[mov,mp4 @ 0x55] moov atom not found\n/var/lib/kiln/scratch/job_1/input: Invalid data found when processing input\n"
        let clean = FFmpegMessage.clean(tail, paths: ["/var/lib/kiln/scratch/job_1/input"])
        #expect(clean == "[mov,mp4 @ 0x55] moov atom not found; input: Invalid data found when processing input")
        #expect(!FFmpegMessage.clean("error in /home/me/secret/file.mp4 here", paths: []).contains("/home"))
    }

    @Test func addressPolicyRefusesPrivateRanges() {
        for address in ["127.0.0.1", "10.0.0.8", "172.16.4.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fd00:ec2::254", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1"] {
            #expect(!AddressPolicy.isPublic(address), "\(address)")
        }
        for address in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "172.32.0.1"] {
            #expect(AddressPolicy.isPublic(address), "\(address)")
        }
        #expect(AddressPolicy(allowedHosts: ["MinIO.internal"]).allows(host: "minio.internal"))
        #expect(!AddressPolicy().allows(host: "localhost"))
    }
}
