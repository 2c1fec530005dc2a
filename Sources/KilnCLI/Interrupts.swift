import Dispatch
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM while a local run goes on, awaited instead of ending the process at
/// once: ffmpeg runs in a session of its own, out of the terminal's reach, so an abrupt end left
/// it encoding and the working directory behind. The run is cancelled and cleaned up first.
final class Interrupts: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init() {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// The first signal that arrives; nil when the waiting task is cancelled.
    func next() async -> Int32? {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next()
    }

    /// Back to the default: a signal ends the process.
    func end() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
