import Foundation

/// Wakes idle workers the moment a job is created, so no job waits for a polling interval.
/// Workers read `generation` before looking for work and wait only if it has not moved since.
public final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var generationValue: UInt64 = 0
    private var nextWaiter: UInt64 = 0
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var cancelledWaiters: Set<UInt64> = []

    public init() {}

    public var generation: UInt64 { lock.withLock { generationValue } }

    public func notify() {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            generationValue &+= 1
            defer { waiters.removeAll(keepingCapacity: true) }
            return Array(waiters.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when `notify` is called after `seen` was read, or after `timeout`.
    public func wait(after seen: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForChange(after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForChange(after seen: UInt64) async {
        let id: UInt64 = lock.withLock {
            nextWaiter &+= 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if generationValue != seen || cancelledWaiters.remove(id) != nil { return true }
                    waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                if let waiting = waiters.removeValue(forKey: id) { return waiting }
                cancelledWaiters.insert(id)
                return nil
            }
            continuation?.resume()
        }
    }
}
