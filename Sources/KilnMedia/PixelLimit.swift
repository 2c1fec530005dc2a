/// Reads the size of a picture that a decoder refused under `-max_pixels`, from ffmpeg's message
/// "Picture size 16000x16000 exceeds specified max pixel count 100000000".
enum PixelLimit {
    static func refusedSize(in errorText: String) -> (width: Int, height: Int)? {
        guard let match = errorText.firstMatch(of: /Picture size (\d+)x(\d+) exceeds specified max pixel count/),
            let width = Int(match.1), let height = Int(match.2)
        else { return nil }
        return (width, height)
    }
}
