import Foundation

/// Tells the workers running steps of a run here that it was cancelled (or that another of its
/// steps failed), at once. (The store already says so; this only saves them from finding out at
/// their next write.) Several steps of one run may run here at the same time: each waits on its
/// own. Announcements for runs with no step here are ignored.
public final class JobCancellations: @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]
    /// Runs cancelled while steps of them run here; dropped when the last of those ends.
    private var requested: Set<String> = []
    /// Steps running here, by run.
    private var running: [String: Int] = [:]
    /// Waits whose task was cancelled before they registered.
    private var abandoned: Set<UUID> = []

    public init() {}

    public func cancel(_ runID: String) {
        let resumed: [CheckedContinuation<Void, Never>] = lock.withLock {
            if running[runID, default: 0] > 0 { requested.insert(runID) }
            return Array((waiters.removeValue(forKey: runID) ?? [:]).values)
        }
        for waiter in resumed { waiter.resume() }
    }

    /// Marks a step of the run as running here, from its claim until `forget`.
    func begin(_ runID: String) {
        lock.withLock { running[runID, default: 0] += 1 }
    }

    /// Whether steps of the run are running here.
    func isRunning(_ runID: String) -> Bool {
        lock.withLock { running[runID, default: 0] > 0 }
    }

    /// Returns when `cancel(runID)` is called, or when the calling task is cancelled.
    func waitForCancel(_ runID: String) async {
        let token = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if requested.contains(runID) || abandoned.remove(token) != nil { return true }
                    waiters[runID, default: [:]][token] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, Never>? = lock.withLock {
                if let waiting = waiters[runID]?.removeValue(forKey: token) { return waiting }
                abandoned.insert(token)
                return nil
            }
            waiter?.resume()
        }
    }

    /// A step of the run ended here.
    func forget(_ runID: String) {
        lock.withLock {
            running[runID, default: 1] -= 1
            if running[runID] ?? 0 <= 0 {
                running.removeValue(forKey: runID)
                requested.remove(runID)
                if waiters[runID]?.isEmpty ?? false { waiters.removeValue(forKey: runID) }
            }
        }
    }
}
