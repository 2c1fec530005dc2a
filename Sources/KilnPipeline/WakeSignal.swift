import Foundation
import KilnCore

/// Wakes idle workers the moment work appears, so no job waits for a polling interval.
/// Workers read their generation before looking for work and wait only if it has not moved
/// since. A light waiter (`lightOnly`) hears only wakes for work it may claim (`NewWork`); every
/// other waiter hears every wake.
public final class WakeSignal: @unchecked Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let lightOnly: Bool
    }

    private let lock = NSLock()
    private var generationValue: UInt64 = 0
    private var lightGenerationValue: UInt64 = 0
    private var nextWaiter: UInt64 = 0
    private var waiters: [UInt64: Waiter] = [:]
    private var cancelledWaiters: Set<UInt64> = []

    public init() {}

    /// What a waiter reads before it looks: a count of every wake, or with `lightOnly` of the
    /// wakes for work a light worker may claim.
    public func generation(lightOnly: Bool = false) -> UInt64 {
        lock.withLock { lightOnly ? lightGenerationValue : generationValue }
    }

    /// Wakes the waiters `work` concerns: every one, unless it is heavy-only work, which light waiters sleep through.
    public func notify(_ work: NewWork = .mayBeLight) {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            generationValue &+= 1
            if work.wakesLightWorkers {
                lightGenerationValue &+= 1
                defer { waiters.removeAll(keepingCapacity: true) }
                return waiters.values.map(\.continuation)
            }
            let heard = waiters.filter { !$0.value.lightOnly }
            for id in heard.keys { waiters.removeValue(forKey: id) }
            return heard.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when a wake the waiter hears comes after `seen` (read with `generation(lightOnly:)`)
    /// was read, or after `timeout`.
    public func wait(after seen: UInt64, lightOnly: Bool = false, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForChange(after: seen, lightOnly: lightOnly) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForChange(after seen: UInt64, lightOnly: Bool) async {
        let id: UInt64 = lock.withLock {
            nextWaiter &+= 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    let current = lightOnly ? lightGenerationValue : generationValue
                    if current != seen || cancelledWaiters.remove(id) != nil { return true }
                    waiters[id] = Waiter(continuation: continuation, lightOnly: lightOnly)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                if let waiting = waiters.removeValue(forKey: id) { return waiting.continuation }
                cancelledWaiters.insert(id)
                return nil
            }
            continuation?.resume()
        }
    }
}
