import Foundation
import KilnCore
import KilnStore
import Logging
import ServiceLifecycle

/// The workers of this process, as one service: each claims a run, executes it, and waits for
/// the next wake-up (a created run) or, at the latest, a second (for runs whose worker died).
public struct WorkerPool: Service {
    public let executor: RunExecutor
    public let wake: WakeSignal
    let nodeID: String

    public init(executor: RunExecutor, wake: WakeSignal, nodeID: String) {
        self.executor = executor
        self.wake = wake
        self.nodeID = nodeID
    }

    public func run() async throws {
        // An API-only node still runs until shutdown: a service that returns ends the group.
        guard executor.settings.workers > 0 else {
            try? await gracefulShutdown()
            return
        }
        try FileManager.default.createDirectory(atPath: executor.settings.scratchRoot, withIntermediateDirectories: true)
        executor.metrics.workersStarted(executor.settings.workers)
        defer { executor.metrics.workersStopped(executor.settings.workers) }
        await withDiscardingTaskGroup { group in
            for index in 0..<executor.settings.workers {
                group.addTask { await work(workerID: "\(nodeID)-\(index)") }
            }
        }
    }

    private func work(workerID: String) async {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let seen = wake.generation
                guard let run = await claim(workerID: workerID) else {
                    await wake.wait(after: seen, timeout: .seconds(1))
                    continue
                }
                await execute(run, workerID: workerID)
            }
        } onGracefulShutdown: {
            wake.notify()
        }
    }

    /// The next run for this worker, if any; runs that failed for good on the way lose their scratch.
    private func claim(workerID: String) async -> Run? {
        let settings = executor.settings
        do {
            let result = try await executor.store.claimNextRun(
                workerID: workerID, leaseMillis: settings.leaseMillis, now: executor.clock.nowMillis(),
                maximumAttempts: settings.maximumAttempts
            )
            for failed in result.exhausted {
                executor.logger(for: failed, workerID: workerID).warning("run failed: \(failed.error?.message ?? "worker lost")")
                if let job = failed.job { executor.metrics.jobFinished(kind: job.kind.rawValue, status: failed.status.rawValue) }
                try? FileManager.default.removeItem(atPath: executor.scratchDirectory(of: failed.id))
            }
            return result.claimed
        } catch {
            executor.logger.error("claiming a run failed: \(error)")
            try? await Task.sleep(for: .seconds(1))
            return nil
        }
    }

    private func execute(_ run: Run, workerID: String) async {
        let logger = executor.logger(for: run, workerID: workerID)
        logger.info("run started", metadata: ["attempt": .stringConvertible(run.attempts)])
        executor.metrics.worker(busy: true)
        defer { executor.metrics.worker(busy: false) }
        do {
            // A shutdown stops the encode; the run goes back to the queue for the next start.
            try await cancelWhenGracefulShutdown { try await executor.execute(run, workerID: workerID) }
        } catch is RunExecutor.CancelRequested {
            logger.info("run cancelled while running")
            executor.discardOutputs(of: run)
        } catch is RunExecutor.LeaseLost {
            // Cancelled (the store no longer lists it as processing) or taken over.
            if case .cancelled? = try? await executor.store.run(id: run.id, projectID: nil)?.status { executor.discardOutputs(of: run) }
            logger.warning("this worker no longer holds the run")
        } catch {
            do {
                try await executor.store.transition(runID: run.id, projectID: nil) { [clock = executor.clock] run throws(LifecycleRefusal) in
                    try Lifecycle.release(run, worker: workerID, now: clock.nowMillis())
                }
            } catch {
                logger.error("could not give the run back to the queue: \(error)")
            }
        }
    }
}
