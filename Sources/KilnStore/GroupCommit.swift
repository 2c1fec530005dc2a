import Foundation

/// Commits concurrent writes together: requests that arrive while a commit is running wait and go
/// into the next transaction, so one fsync acknowledges many of them. No request is answered
/// before its transaction is durable.
///
/// The first writer to find the queue idle leads: it commits everything queued, answers those
/// requests, and hands the lead to the oldest waiter if more arrived — so no request waits for
/// more than one commit beyond its own.
final class GroupCommit<Item: Sendable, Result: Sendable>: @unchecked Sendable {
    typealias Commit = @Sendable ([Item]) async throws -> [Swift.Result<Result, any Error>]

    private enum Wake {
        case done(Swift.Result<Result, any Error>)
        case lead
    }

    private struct Waiter {
        let item: Item
        let continuation: CheckedContinuation<Wake, Never>
    }

    private let lock = NSLock()
    private var pending: [Waiter] = []
    private var committing = false
    private let commit: Commit
    private let maximumBatch: Int

    init(maximumBatch: Int = 512, commit: @escaping Commit) {
        self.maximumBatch = maximumBatch
        self.commit = commit
    }

    func submit(_ item: Item) async throws -> Result {
        let wake = await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
            let leads = lock.withLock {
                pending.append(Waiter(item: item, continuation: continuation))
                defer { committing = true }
                return !committing
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch wake {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead()
        }
    }

    /// Runs one batch, then passes the lead on. The leader is always the oldest queued request
    /// (the first to arrive at an idle queue, or the oldest waiter it was handed to), so it is
    /// first in its own batch.
    private func lead() async throws -> Result {
        let batch = lock.withLock {
            let count = min(pending.count, maximumBatch)
            defer { pending.removeFirst(count) }
            return Array(pending.prefix(count))
        }

        var results: [Swift.Result<Result, any Error>]
        do {
            results = try await commit(batch.map(\.item))
        } catch {
            results = Array(repeating: .failure(error), count: batch.count)
        }
        for (waiter, result) in zip(batch, results).dropFirst() {
            waiter.continuation.resume(returning: .done(result))
        }

        let next: Waiter? = lock.withLock {
            if let first = pending.first { return first }
            committing = false
            return nil
        }
        next?.continuation.resume(returning: .lead)
        return try results[0].get()
    }
}
