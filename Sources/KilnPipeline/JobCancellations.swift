import Foundation

/// Tells the worker running a job that it was cancelled, at once. (The store already says so;
/// this only saves the worker from finding out at its next heartbeat.) Cancels of jobs that do
/// not run in this process — every cancel other nodes announce — are ignored.
public final class JobCancellations: @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [String: CheckedContinuation<Void, Never>] = [:]
    private var requested: Set<String> = []
    private var running: Set<String> = []

    public init() {}

    public func cancel(_ jobID: String) {
        let waiter: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiting = waiters.removeValue(forKey: jobID) { return waiting }
            if running.contains(jobID) { requested.insert(jobID) }
            return nil
        }
        waiter?.resume()
    }

    /// Marks the job as running here, from its claim until `forget`.
    func begin(_ jobID: String) {
        _ = lock.withLock { running.insert(jobID) }
    }

    /// Returns when `cancel(jobID)` is called, or when the calling task is cancelled.
    func waitForCancel(_ jobID: String) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if requested.remove(jobID) != nil { return true }
                    waiters[jobID] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, Never>? = lock.withLock {
                if let waiting = waiters.removeValue(forKey: jobID) { return waiting }
                // Cancelled before it registered: leave a mark so it returns at once.
                requested.insert(jobID)
                return nil
            }
            waiter?.resume()
        }
    }

    /// Drops what is left of a job that has ended.
    func forget(_ jobID: String) {
        lock.withLock {
            requested.remove(jobID)
            running.remove(jobID)
        }
    }
}
