import KilnPipeline
import KilnStore
import ServiceLifecycle

/// Hears, from the shared database, that a job was created (wakes this node's idle workers) or
/// cancelled (stops it here if it runs here) — on whichever node that happened.
public struct StoreAnnouncements: Service {
    let store: PostgresJobStore
    let wake: WakeSignal
    let cancellations: JobCancellations

    public init(store: PostgresJobStore, wake: WakeSignal, cancellations: JobCancellations) {
        self.store = store
        self.wake = wake
        self.cancellations = cancellations
    }

    public func run() async {
        let (wake, cancellations) = (self.wake, self.cancellations)
        await cancelWhenGracefulShutdown {
            await store.listen(jobAvailable: { wake.notify() }, cancelled: { cancellations.cancel($0) })
        }
    }
}
