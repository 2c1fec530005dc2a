import Foundation
import KilnCore

/// On a terminal: one line per task, the running one updating in place with its percent, speed
/// (as a multiple of real time) and time left. Elsewhere: nothing — only the result is printed.
final class ProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var finishedLines = 0
    private var drawing = false

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Draws the state of a job (or a task's carrier) given as API JSON.
    func update(_ job: JSONValue) {
        guard enabled, case .array(let tasks)? = job["tasks"] else { return }
        let now = Double(KilnClock.system.nowMillis())
        lock.withLock {
            let frame = Self.frame(tasks, finished: finishedLines, now: now)
            finishedLines = frame.finished
            if frame.drawsLive { drawing = true } else if frame.finishedAny { drawing = false }
            if !frame.text.isEmpty { FileHandle.standardError.write(Data(frame.text.utf8)) }
        }
    }

    /// What one update writes: a line for each task that finished since the first `finished`
    /// ones, then the line of the task now under way, redrawn in place. The pieces of a chunked
    /// encode have no lines: the encode's own line shows their progress while they run.
    static func frame(_ all: [JSONValue], finished: Int, now: Double) -> (text: String, finished: Int, finishedAny: Bool, drawsLive: Bool) {
        let tasks = all.filter { $0["kind"]?.stringValue != StepKind.videoChunk.rawValue }
        let duration = tasks.first?["output"]?["duration"]?.doubleValue
        var text = ""
        var done = finished
        while done < tasks.count, let status = tasks[done]["status"]?.stringValue, ["succeeded", "failed", "cancelled"].contains(status) {
            text += "\r\u{1B}[K" + line(tasks[done], now: now, duration: duration) + "\n"
            done += 1
        }
        // Under way: running, or waiting with a figure (an encode whose pieces run elsewhere).
        let live = done < tasks.count && (["processing", "finishing"].contains(tasks[done]["status"]?.stringValue) || tasks[done]["progress"]?.doubleValue != nil)
        if live { text += "\r\u{1B}[K" + line(tasks[done], now: now, duration: duration) }
        return (text, done, done > finished, live)
    }

    func finish() {
        guard enabled else { return }
        lock.withLock {
            if drawing { FileHandle.standardError.write(Data("\n".utf8)) }
            drawing = false
        }
    }

    static func line(_ task: JSONValue, now: Double, duration: Double?) -> String {
        let kind = (task["kind"]?.stringValue ?? "task").padding(toLength: 15, withPad: " ", startingAt: 0)
        let status = task["status"]?.stringValue ?? ""
        let started = task["started_at"]?.doubleValue
        switch status {
        case "succeeded":
            let seconds = ((task["finished_at"]?.doubleValue ?? now) - (started ?? now)) / 1000
            return "\(kind) done in \(String(format: "%.1f", seconds)) s"
        case "failed":
            return "\(kind) failed: \(task["error"]?["message"]?.stringValue ?? "")"
        case "cancelled":
            return "\(kind) cancelled"
        default:
            let progress = task["progress"]?.doubleValue ?? 0
            var text = "\(kind) \(String(format: "%5.1f", progress))%"
            if let started, progress > 0 {
                let elapsed = (now - started) / 1000
                if let duration, elapsed > 0 {
                    text += String(format: "  %.1f× realtime", duration * progress / 100 / elapsed)
                }
                let left = elapsed * (100 - progress) / progress
                text += String(format: "  ETA %d:%02d", Int(left) / 60, Int(left) % 60)
            }
            return text
        }
    }
}
