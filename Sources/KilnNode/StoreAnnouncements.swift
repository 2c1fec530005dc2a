import KilnPipeline
import KilnStore
import ServiceLifecycle

/// Hears, from the shared database, that work became claimable (wakes this node's idle workers
/// that may claim it: the announcement says whether light workers may) or that a job was
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
            await store.listen(jobAvailable: { wake.notify($0) }, cancelled: { cancellations.cancel($0) })
        }
    }
}
