import Foundation
import Logging
import ServiceLifecycle

/// Ends the process once a graceful shutdown has taken `deadline`, dropping the requests still in
/// flight (a download to a slow reader, a client that stopped sending), with exit status 0 as for
/// any shutdown by signal. Put it after the application in the service group: groups shut their
/// services down last to first, so it is armed before the server starts waiting.
public struct ShutdownDeadline: Service {
    let deadline: Duration
    let logger: Logger

    public init(_ deadline: Duration, logger: Logger) {
        self.deadline = deadline
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        let (deadline, logger) = (self.deadline, self.logger)
        // A thread rather than a task: what keeps the shutdown waiting may be holding the tasks.
        Thread.detachNewThread {
            let parts = deadline.components
            Thread.sleep(forTimeInterval: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
            logger.warning("the shutdown deadline (\(deadline)) has passed: dropping the requests still in flight")
            fflush(nil)
            _exit(0)
        }
    }
}
