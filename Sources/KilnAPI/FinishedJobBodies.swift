import Hummingbird
import KilnCore
import Synchronization

/// The rendered bodies of finished jobs, so that polling a finished job costs a lookup instead of
/// a read and a render. A job that has ended never changes again — `Lifecycle` refuses every
/// transition out of a finished run, and nothing else writes a run — so a body stays true on every
/// node without invalidation; a job is remembered only once the run and every step have ended.
/// Holds at most `capacity` bodies, forgetting the oldest first.
final class FinishedJobBodies: Sendable {
    private struct Key: Hashable {
        var id: String
        var projectID: String
    }

    private struct State {
        var bodies: [Key: ByteBuffer] = [:]
        /// Insertion order, as a ring: the slot the next body takes.
        var order: [Key] = []
        var next = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 1)
    }

    func body(id: String, projectID: String) -> ByteBuffer? {
        state.withLock { $0.bodies[Key(id: id, projectID: projectID)] }
    }

    /// Renders the job's body, and keeps it when the job can no longer change.
    func render(_ job: Run) -> ByteBuffer {
        let body = ByteBuffer(bytes: job.json().serializedBytes())
        guard Self.isFinal(job) else { return body }
        let key = Key(id: job.id, projectID: job.projectID)
        state.withLock { state in
            guard state.bodies[key] == nil else { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                state.bodies[state.order[state.next]] = nil
                state.order[state.next] = key
                state.next = (state.next + 1) % capacity
            }
            state.bodies[key] = body
        }
        return body
    }

    static func isFinal(_ run: Run) -> Bool {
        run.status.isFinished && run.steps.allSatisfy { $0.status.isFinished }
    }

    var count: Int { state.withLock { $0.bodies.count } }
}
