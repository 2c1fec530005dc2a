import Foundation
import KilnCore
import KilnStore

/// Cancels a run (a job, or a standalone task) with `Lifecycle.cancel`: the store records it at
/// once, and the worker running it here is told (other nodes hear it from the store).
struct Cancelling {
    let env: APIEnvironment

    enum Outcome {
        case cancelled(Run)
        case notCancellable(RunStatus)
        case notFound
    }

    func cancel(runID: String, projectID: String) async throws -> Outcome {
        let now = env.clock.nowMillis()
        do {
            let run = try await env.store.transition(runID: runID, projectID: projectID) { run throws(LifecycleRefusal) in
                try Lifecycle.cancel(run, now: now)
            }
            await env.jobCancelled(run)
            if let job = run.job { env.metrics.jobFinished(kind: job.kind.rawValue, status: run.status.rawValue) }
            return .cancelled(run)
        } catch LifecycleRefusal.alreadyCancelled {
            guard let run = try await env.store.run(id: runID, projectID: projectID) else { return .notFound }
            return .cancelled(run)
        } catch LifecycleRefusal.notCancellable(let status) {
            return .notCancellable(status)
        } catch StoreError.runNotFound {
            return .notFound
        }
    }
}
