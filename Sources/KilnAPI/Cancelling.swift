import Foundation
import KilnCore
import KilnStore

/// Cancels a job (or a standalone task's carrier): the store records it at once, the worker
/// running it is told, and anything it already published is removed.
struct Cancelling {
    let env: APIEnvironment

    func cancel(jobID: String, projectID: String) async throws -> CancelOutcome {
        let outcome = try await env.store.cancelJob(id: jobID, projectID: projectID, now: env.clock.nowMillis())
        if case .cancelled(let wasRunning) = outcome, wasRunning {
            env.jobCancelled(jobID)
        }
        return outcome
    }
}
