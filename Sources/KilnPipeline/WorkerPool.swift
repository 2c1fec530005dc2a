import Foundation
import KilnCore
import KilnStore
import Logging
import ServiceLifecycle

/// The workers of this process, as one service: each claims a job, runs it, and waits for the
/// next wake-up (a created job) or, at the latest, a second (for jobs whose worker died).
public struct WorkerPool: Service {
    public let runner: JobRunner
    public let wake: WakeSignal
    let nodeID: String

    public init(runner: JobRunner, wake: WakeSignal, nodeID: String) {
        self.runner = runner
        self.wake = wake
        self.nodeID = nodeID
    }

    public func run() async throws {
        // An API-only node still runs until shutdown: a service that returns ends the group.
        guard runner.settings.workers > 0 else {
            try? await gracefulShutdown()
            return
        }
        try FileManager.default.createDirectory(atPath: runner.settings.scratchRoot, withIntermediateDirectories: true)
        await withDiscardingTaskGroup { group in
            for index in 0..<runner.settings.workers {
                group.addTask { await work(workerID: "\(nodeID)-\(index)") }
            }
        }
    }

    private func work(workerID: String) async {
        let store = runner.store
        let settings = runner.settings
        let logger = runner.logger
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let seen = wake.generation
                let claimed: Job?
                do {
                    claimed = try await store.claimNextJob(
                        workerID: workerID, leaseMillis: settings.leaseMillis, now: runner.clock.nowMillis(),
                        maximumAttempts: settings.maximumAttempts
                    )
                } catch {
                    logger.error("claiming a job failed: \(error)")
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                guard let job = claimed else {
                    await wake.wait(after: seen, timeout: .seconds(1))
                    continue
                }
                logger.debug("\(workerID) runs \(job.id)")
                do {
                    // A shutdown stops the encode; the job goes back to the queue for the next start.
                    try await cancelWhenGracefulShutdown { try await runner.run(job, workerID: workerID) }
                } catch is JobRunner.CancelRequested {
                    logger.info("\(job.id) was cancelled while running")
                    runner.discardOutputs(of: job)
                } catch is JobRunner.LeaseLost {
                    // Cancelled (the store no longer lists it as processing) or taken over.
                    if case .cancelled? = try? await store.jobStatus(id: job.id) { runner.discardOutputs(of: job) }
                    logger.warning("\(workerID) no longer holds \(job.id)")
                } catch {
                    do {
                        try await store.releaseJob(id: job.id, workerID: workerID, now: runner.clock.nowMillis())
                    } catch {
                        logger.error("could not give \(job.id) back to the queue: \(error)")
                    }
                }
            }
        } onGracefulShutdown: {
            wake.notify()
        }
    }
}
