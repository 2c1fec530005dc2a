import Foundation
import KilnCore
import KilnObservability
import KilnStore
import Logging

/// Runs the steps a worker claimed, for the server, `kiln worker` and the local command line
/// alike: each step of the claim in turn in a scratch directory of its own, every change decided
/// by `Lifecycle` and stored through `JobStore.transition` under the steps' lease. Steps of one
/// run claimed by other workers run at the same time.
public struct RunExecutor: Sendable {
    public let store: any JobStore
    public let effects: NodeEffects
    public let registry: StepRegistry
    public let settings: PipelineSettings
    public let cancellations: JobCancellations
    /// Sees the run after every transition this executor stores.
    let observe: @Sendable (Run) -> Void

    public init(
        store: any JobStore, effects: NodeEffects, registry: StepRegistry, settings: PipelineSettings, cancellations: JobCancellations,
        observe: @escaping @Sendable (Run) -> Void = { _ in }
    ) {
        self.observe = observe
        self.store = store
        self.effects = effects
        self.registry = registry
        self.settings = settings
        self.cancellations = cancellations
    }

    var clock: KilnClock { effects.clock }
    /// Ids for the steps a run gains while it runs (the chunks of a chunked encode).
    var ids: IDSource { IDSource.live(clock: effects.clock) }
    var logger: Logger { effects.logger }
    var metrics: NodeMetrics { effects.metrics }

    /// The node's logger with what identifies a run on `workerID`: `job_id` for a job, `task_id`
    /// for a standalone task (whose run has the task's id), and `worker`.
    public func logger(for run: Run, workerID: String) -> Logger {
        var logger = effects.logger
        logger[metadataKey: run.isJob ? "job_id" : "task_id"] = .string(run.id)
        logger[metadataKey: "worker"] = .string(workerID)
        return logger
    }

    /// The worker no longer holds the run: its lease was taken over, or it was cancelled.
    public struct LeaseLost: Error {}

    /// The run was cancelled while it ran.
    public struct CancelRequested: Error {}

    /// Runs the steps a worker claimed (`steps` of `run`, a chain: see `RunGraph`), in order, in
    /// one scratch directory. Throws `CancelRequested` when the run was cancelled or another of
    /// its steps failed meanwhile, `LeaseLost` when another worker took the steps over,
    /// `CancellationError` when this worker stops; otherwise the outcome is in the store.
    public func execute(_ run: Run, steps: [Int], workerID: String) async throws {
        guard let head = steps.first else { return }
        let runScratch = scratchDirectory(of: run.id)
        let scratch = runScratch + "/" + run.steps[head].id
        try? FileManager.default.removeItem(atPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/out", withIntermediateDirectories: true)

        cancellations.begin(run.id)
        defer { cancellations.forget(run.id) }

        let last = Box()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await heartbeat(runID: run.id, workerID: workerID) }
            group.addTask {
                // A cancel may have landed between the claim and `begin`.
                if try await store.run(id: run.id, projectID: nil)?.status.isFinished == true { throw CancelRequested() }
                await cancellations.waitForCancel(run.id)
                if !Task.isCancelled { throw CancelRequested() }
            }
            group.addTask {
                last.run = try await self.steps(steps, of: run, workerID: workerID, scratch: scratch, runScratch: runScratch)
            }
            // The steps end the group; the heartbeat and the cancel watch only end it by throwing.
            try await group.next()
            group.cancelAll()
        }
        guard let final = last.run, final.status.isFinished else { return }
        // The other steps of a failed run stop now on this node (other nodes hear it from the store).
        if final.status == .failed { cancellations.cancel(run.id) }
        await removeRunFiles(final)
    }

    /// Where a run works on this node; removed when it ends, and when it fails for good after its worker died.
    public func scratchDirectory(of runID: String) -> String {
        (settings.scratchRoot as NSString).appendingPathComponent(runID)
    }

    /// Removes what a cancelled run published.
    private func discardOutputs(of run: Run) async {
        await effects.results.remove(prefix: run.id)
        // What steps once published under their own ids; in a bucket that would be a listing a step.
        if effects.results.isLocal {
            for step in run.steps { await effects.results.remove(prefix: step.id) }
        }
    }

    /// Removes a run's folder on this node and its imported copy, once it has ended, and what a
    /// cancelled run published.
    public func removeRunFiles(_ run: Run) async {
        try? FileManager.default.removeItem(atPath: scratchDirectory(of: run.id))
        // A cancelled run's whole folder goes, with the shared copies below it.
        if run.status == .cancelled { return await discardOutputs(of: run) }
        await effects.results.removeShared(runID: run.id, .input, names: [StepContext.inputName(of: run.input)])
        let chunks = run.steps.filter { $0.kind == .videoChunk }.map { VideoChunkStep.fileName(of: $0) }
        if !chunks.isEmpty { await effects.results.removeShared(runID: run.id, .chunks, names: chunks) }
    }

    /// Removes the folders of runs that ended while they were kept on this node (their last step
    /// ran elsewhere), but those of runs with steps running here.
    public func sweepScratch() async {
        let root = settings.scratchRoot
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where name.hasPrefix("job_") || name.hasPrefix("task_") {
            guard !cancellations.isRunning(name) else { continue }
            guard let run = try? await store.run(id: name, projectID: nil) else {
                try? FileManager.default.removeItem(atPath: (root as NSString).appendingPathComponent(name))
                continue
            }
            if run.status.isFinished { await removeRunFiles(run) }
        }
    }

    private final class Box: @unchecked Sendable {
        var run: Run?
    }

    private func heartbeat(runID: String, workerID: String) async throws {
        let interval = Duration.milliseconds(settings.leaseMillis / 3)
        let leaseMillis = settings.leaseMillis
        while true {
            try await Task.sleep(for: interval)
            try await record(runID) { [clock] run throws(LifecycleRefusal) in
                try Lifecycle.renew(run, worker: workerID, now: clock.nowMillis(), leaseMillis: leaseMillis)
            }
        }
    }

    /// Stores a transition; a refusal means this worker no longer holds the step.
    @discardableResult
    private func record(_ runID: String, _ change: @escaping @Sendable (Run) throws(LifecycleRefusal) -> Run) async throws -> Run {
        do {
            let run = try await store.transition(runID: runID, projectID: nil, change)
            observe(run)
            return run
        } catch is LifecycleRefusal {
            throw LeaseLost()
        } catch StoreError.runNotFound {
            throw LeaseLost()
        }
    }

    /// Runs the claimed steps in turn, each reading what the one before left in the workspace;
    /// returns the run as the last transition left it.
    private func steps(_ indices: [Int], of run: Run, workerID: String, scratch: String, runScratch: String) async throws -> Run {
        var workspace = RunWorkspace()
        var current = run
        let runLogger = logger(for: run, workerID: workerID)
        for (position, index) in indices.enumerated() {
            let started: Run
            if current.steps[index].status == .processing, current.steps[index].lease?.owner == workerID {
                // Started by the write that ended the step before it.
                started = current
            } else {
                // A step the claim held may have gone back to waiting (an import planned chunks that run first).
                guard current.steps[index].lease?.owner == workerID, current.steps[index].status == .queued else { break }
                started = try await record(run.id) { [clock, registry] run throws(LifecycleRefusal) in
                    try Self.start(run, index, registry: registry, worker: workerID, now: clock.nowMillis())
                }
            }
            let step = started.steps[index]
            let entry = registry[step.kind]
            let following = position + 1 < indices.count ? indices[position + 1] : nil
            var stepEffects = effects
            stepEffects.logger = runLogger
            stepEffects.logger[metadataKey: "task_id"] = .string(step.id)
            stepEffects.logger.debug("task started", metadata: ["kind": .string(step.kind.rawValue)])
            let timer = StepTimer(step: step, metrics: metrics)
            do {
                guard let entry else {
                    throw RunError("kind_unavailable", "this node cannot run \(step.kind.rawValue) tasks")
                }
                let context = StepContext(
                    run: started, index: index, scratch: scratch, runScratch: runScratch, effects: stepEffects, chunkSeconds: settings.chunkSeconds,
                    progressBox: ProgressBox(),
                    markFinishing: {
                        try await record(run.id) { [clock] run throws(LifecycleRefusal) in
                            try Lifecycle.finishing(run, index, worker: workerID, now: clock.nowMillis())
                        }
                    }
                )
                let output = try await withProgress(of: context, runID: run.id, workerID: workerID) {
                    try await entry.run(step.options, context, &workspace)
                }
                // The last step's success and the run's end are one write, so a cancel that
                // races the end never leaves a succeeded step in a cancelled run.
                // Chunks an import planned are added in the same write as its success.
                let source = ids
                let chunkIDs = (0..<output.chunks.map(\.stepCount).reduce(0, +)).map { _ in source.make(.task) }
                current = try await record(run.id) { [clock, registry] run throws(LifecycleRefusal) in
                    let now = clock.nowMillis()
                    let succeeded = try Lifecycle.succeedStep(
                        run, index, output: output.file, url: output.url, skipping: output.skipping, worker: workerID, now: now
                    )
                    let planned = try Lifecycle.planChunks(succeeded, after: index, plans: output.chunks, ids: chunkIDs, now: now)
                    // The next step of the claim starts in the same write, one transaction a step
                    // fewer; when it cannot start (the run ended, chunks come first), it is left as is.
                    guard let following, let next = try? Self.start(planned, following, registry: registry, worker: workerID, now: now) else {
                        return planned
                    }
                    return next
                }
                timer.finished(.succeeded)
                stepEffects.logger.debug("task succeeded", metadata: ["kind": .string(step.kind.rawValue)])
                ended(current, logger: runLogger)
            } catch let error as RunError {
                let failed = try await record(run.id) { [clock] run throws(LifecycleRefusal) in
                    try Lifecycle.failStep(run, index, error: error, worker: workerID, now: clock.nowMillis())
                }
                timer.finished(.failed)
                stepEffects.logger.info("task failed", metadata: ["kind": .string(step.kind.rawValue), "error_kind": .string(error.kind)])
                ended(failed, logger: runLogger)
                return failed
            } catch is CancellationError {
                timer.finished(.cancelled)
                throw CancellationError()
            } catch let error as LeaseLost {
                timer.finished(.cancelled)
                throw error
            } catch {
                if Task.isCancelled {
                    timer.finished(.cancelled)
                    throw CancellationError()
                }
                stepEffects.logger.error("stopped by an unexpected error: \(String(reflecting: error))")
                let failed = try await record(run.id) { [clock] run throws(LifecycleRefusal) in
                    try Lifecycle.failStep(run, index, error: RunFailure.runError(for: error, during: .encoding), worker: workerID, now: clock.nowMillis())
                }
                timer.finished(.failed)
                ended(failed, logger: runLogger)
                return failed
            }
        }
        return current
    }

    /// The write that starts step `index`: a job's steps read the run's input (the first ones) or
    /// the output of the step they come after; a standalone task keeps the input it was created with.
    private static func start(_ run: Run, _ index: Int, registry: StepRegistry, worker: String, now: Int64) throws(LifecycleRefusal) -> Run {
        let entry = registry[run.steps[index].kind]
        let external: JSONValue = ["object": "external_file", "url": .string(run.input)]
        // (`.none` spelled out: a bare `nil` here would be JSONValue's own null literal.)
        let input: JSONValue? = run.isJob ? (entry?.inputRole == .url ? external : RunGraph(run.steps).input(of: index)) : .none
        return try Lifecycle.startStep(run, index, input: input, reportsProgress: entry?.reportsProgress ?? false, worker: worker, now: now)
    }

    /// Logs and counts a run that reached its end here (cancels are counted where they are asked for).
    private func ended(_ run: Run, logger: Logger) {
        guard run.status.isFinished else { return }
        if let job = run.job { metrics.jobFinished(kind: job.kind.rawValue, status: run.status.rawValue) }
        var metadata: Logger.Metadata = ["status": .string(run.status.rawValue)]
        if let error = run.error { metadata["error_kind"] = .string(error.kind) }
        logger.info("run finished", metadata: metadata)
    }

    /// Runs `body` while recording the progress it reports, at most once a second.
    private func withProgress<T: Sendable>(of context: StepContext, runID: String, workerID: String, _ body: () async throws -> T) async throws -> T {
        let box = context.progressBox
        let index = context.index
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(1))
                    guard let percent = box.take() else { continue }
                    try await record(runID) { [clock] run throws(LifecycleRefusal) in
                        try Lifecycle.progress(run, index, percent: Int(percent.rounded(.down)), worker: workerID, now: clock.nowMillis())
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
