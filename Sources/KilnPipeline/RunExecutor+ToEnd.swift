import KilnCore
import KilnStore

extension RunExecutor {
    /// Runs the steps of `runID` with `workers` workers of this process, each claiming steps as
    /// they become ready, until the run has ended: the local command line, and tests. Returns the
    /// run as it ended.
    @discardableResult
    public func runToEnd(_ runID: String, workers: Int, workerPrefix: String = "local") async throws -> Run? {
        let wake = WakeSignal()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<max(1, workers) {
                group.addTask {
                    let workerID = "\(workerPrefix)-\(number)"
                    while true {
                        let seen = wake.generation()
                        guard let run = try await store.run(id: runID, projectID: nil), !run.status.isFinished else { return }
                        let result = try await store.claimNext(
                            workerID: workerID, leaseMillis: settings.leaseMillis, now: clock.nowMillis(), maximumAttempts: settings.maximumAttempts
                        )
                        guard let claimed = result.claimed else {
                            await wake.wait(after: seen, timeout: .milliseconds(250))
                            continue
                        }
                        wake.notify()
                        do {
                            try await execute(claimed, steps: result.steps, workerID: workerID)
                        } catch is CancelRequested {
                        } catch is LeaseLost {}
                        wake.notify()
                    }
                }
            }
            try await group.waitForAll()
        }
        return try await store.run(id: runID, projectID: nil)
    }
}
