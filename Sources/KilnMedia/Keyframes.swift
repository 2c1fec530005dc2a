import Foundation
import KilnCore

extension FFmpeg {
    /// The times of the first video stream's keyframes, in seconds from the file's start (the
    /// time `-ss` counts in), each rounded down to the microsecond so that a seek to it lands on
    /// the keyframe and keeps it. Read from the packets' flags: nothing is decoded.
    public func keyframes(path: String) async throws -> [Double] {
        let header = LineCollector(limit: 4096)
        let described = try await runner.run(ProcessCommand(ffprobePath, [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=time_base:format=start_time", "-of", "default=nw=1", path,
        ]), { header.append($0) })
        var timeBase: (Double, Double)?
        var startTime = 0.0
        for line in header.text.split(separator: "\n") {
            if line.hasPrefix("time_base=") {
                let parts = line.dropFirst("time_base=".count).split(separator: "/").compactMap { Double($0) }
                if parts.count == 2, parts[1] > 0 { timeBase = (parts[0], parts[1]) }
            } else if line.hasPrefix("start_time="), let value = Double(line.dropFirst("start_time=".count)) {
                startTime = value
            }
        }
        guard described.succeeded, let (numerator, denominator) = timeBase else {
            throw MediaError.notMedia(reason: FFmpegMessage.clean(described.errorTail, paths: [path]))
        }
        let fileStart = startTime
        let times = KeyframeList()
        let outcome = try await runner.run(ProcessCommand(ffprobePath, [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,flags", "-of", "csv=p=0", path,
        ])) { line in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, fields[1].hasPrefix("K"), let pts = Double(fields[0]) else { return }
            times.append(((pts * numerator / denominator - fileStart) * 1_000_000).rounded(.down) / 1_000_000)
        }
        guard outcome.succeeded else { throw MediaError.notMedia(reason: FFmpegMessage.clean(outcome.errorTail, paths: [path])) }
        return times.sorted
    }
}

private final class KeyframeList: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Double] = []

    func append(_ time: Double) { lock.withLock { times.append(time) } }
    var sorted: [Double] { lock.withLock { times.sorted() } }
}
