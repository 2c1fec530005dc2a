import KilnPipeline
import KilnStore
import ServiceLifecycle

/// Hears, from the shared database, that a job was created (wakes this node's idle workers) or
/// cancelled (stops it here if it runs here) — on whichever node that happened.
struct StoreAnnouncements: Service {
    let store: PostgresJobStore
    let wake: WakeSignal
    let cancellations: JobCancellations

    func run() async {
        let (wake, cancellations) = (self.wake, self.cancellations)
        await cancelWhenGracefulShutdown {
            await store.listen(jobAvailable: { wake.notify() }, cancelled: { cancellations.cancel($0) })
        }
    }
}
