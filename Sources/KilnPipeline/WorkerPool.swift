import Foundation
import KilnCore
import KilnMedia
import KilnStore
import Logging
import ServiceLifecycle

/// The workers of this process, as one service: each claims a step (with the steps that continue
/// on its worker), executes it, and waits for the next wake-up (a created run, a step made ready)
/// or, at the latest, a second (for steps whose worker died). Workers of one process may run
/// steps of the same run at once.
///
/// `workers` heavy workers claim any run, each in one of the node's `HeavySlots`; `lightWorkers`
/// more claim only runs `LightWork.mayClaim` (still images, which libvips renders in process) and
/// borrow a slot for a program such a run turns out to need, so still-image jobs overlap on a node
/// whose heavy work stays `workers` at once.
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
        let settings = executor.settings
        guard settings.workers > 0 else {
            try? await gracefulShutdown()
            return
        }
        try FileManager.default.createDirectory(atPath: settings.scratchRoot, withIntermediateDirectories: true)
        let slots = HeavySlots(settings.workers)
        // The gauge counts the heavy workers, the node's `--workers`.
        executor.metrics.workersStarted(settings.workers)
        defer { executor.metrics.workersStopped(settings.workers) }
        await withDiscardingTaskGroup { group in
            for index in 0..<settings.workers {
                group.addTask { await work(workerID: "\(nodeID)-\(index)", slots: slots, light: false) }
            }
            for index in 0..<max(0, settings.lightWorkers) {
                group.addTask { await work(workerID: "\(nodeID)-light-\(index)", slots: slots, light: true) }
            }
        }
    }

    private func work(workerID: String, slots: HeavySlots, light: Bool) async {
        await withGracefulShutdownHandler {
            var idleLooks = 0
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                // A light worker hears only of work it may claim (`NewWork`): heavy creates leave it asleep.
                let seen = wake.generation(lightOnly: light)
                // A heavy worker claims only with a slot, which a light one may have borrowed.
                if !light { await slots.acquire() }
                guard let (run, steps) = await claim(workerID: workerID, light: light) else {
                    if !light { await slots.release() }
                    await wake.wait(after: seen, lightOnly: light, timeout: .seconds(1))
                    idleLooks += 1
                    // Runs whose last steps ran on other nodes leave their folders here until a look.
                    if idleLooks % 10 == 0 { await executor.sweepScratch() }
                    continue
                }
                idleLooks = 0
                // Other steps of the run may be ready too, and the claim moved the queue: a light run
                // behind the light workers' window (`RunRecords.lightWindow`) may be in it now. Claims
                // come at the pace of the work, not of creates, so every idle worker looks.
                wake.notify(.mayBeLight)
                if light {
                    await HeavySlots.$borrowing.withValue(slots) { await execute(run, steps: steps, workerID: workerID, light: true) }
                } else {
                    await execute(run, steps: steps, workerID: workerID, light: false)
                    await slots.release()
                }
                // What this worker finished may have made steps of the run ready.
                wake.notify(NewWork(run))
            }
        } onGracefulShutdown: {
            wake.notify()
        }
    }

    /// The next steps for this worker, if any; runs that failed for good on the way lose their scratch.
    private func claim(workerID: String, light: Bool) async -> (Run, [Int])? {
        let settings = executor.settings
        do {
            let result = try await executor.store.claimNext(
                workerID: workerID, leaseMillis: settings.leaseMillis, now: executor.clock.nowMillis(),
                maximumAttempts: settings.maximumAttempts, lightOnly: light
            )
            for failed in result.exhausted {
                executor.logger(for: failed, workerID: workerID).warning("run failed: \(failed.error?.message ?? "worker lost")")
                if let job = failed.job { executor.metrics.jobFinished(kind: job.kind.rawValue, status: failed.status.rawValue) }
                await executor.removeRunFiles(failed)
            }
            return result.claimed.map { ($0, result.steps) }
        } catch {
            executor.logger.error("claiming a run failed: \(error)")
            try? await Task.sleep(for: .seconds(1))
            return nil
        }
    }

    private func execute(_ run: Run, steps: [Int], workerID: String, light: Bool) async {
        let logger = executor.logger(for: run, workerID: workerID)
        logger.info("steps started", metadata: [
            "tasks": .string(steps.map { run.steps[$0].kind.rawValue }.joined(separator: ",")),
            "attempt": .stringConvertible(run.steps[steps[0]].attempts),
        ])
        if !light { executor.metrics.worker(busy: true) }
        defer { if !light { executor.metrics.worker(busy: false) } }
        do {
            // A shutdown stops the encode; the steps go back to the queue for the next start.
            try await cancelWhenGracefulShutdown { try await executor.execute(run, steps: steps, workerID: workerID) }
        } catch let error where error is RunExecutor.CancelRequested || error is RunExecutor.LeaseLost {
            // Cancelled, failed by another step, or taken over: a cancelled run's results go; a
            // failed run's published ones stay.
            let now = try? await executor.store.run(id: run.id, projectID: nil)
            if let now, now.status.isFinished { await executor.removeRunFiles(now) }
            if error is RunExecutor.CancelRequested {
                logger.info("steps stopped: the run \(now?.status.rawValue ?? "ended")")
            } else {
                logger.warning("this worker no longer holds its steps")
            }
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
