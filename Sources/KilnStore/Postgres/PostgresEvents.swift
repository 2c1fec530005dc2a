import Foundation
import KilnCore
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// Listens on one dedicated connection for created jobs and cancels from every node, calling
    /// `jobAvailable(work)` and `cancelled(jobID)`, until cancelled. A dropped connection is
    /// reopened after a second; `jobAvailable(.mayBeLight)` is called then too, since
    /// announcements may have been missed.
    public func listen(jobAvailable: @escaping @Sendable (NewWork) -> Void, cancelled: @escaping @Sendable (String) -> Void) async {
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try url.connection(), id: connectionID, logger: logger
                )
                jobAvailable(.mayBeLight)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await connection.listen(on: Self.jobsChannel) { notifications in
                            for try await notification in notifications { jobAvailable(Self.work(announced: notification.payload)) }
                        }
                    }
                    group.addTask {
                        try await connection.listen(on: Self.cancelsChannel) { notifications in
                            for try await notification in notifications { cancelled(notification.payload) }
                        }
                    }
                    defer { group.cancelAll() }
                    try await group.next()
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for job announcements failed: \(error); retrying in a second")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The payload of an announcement on `jobsChannel`: what kind of work became claimable. Work
    /// light workers may claim is announced with an empty payload, as every announcement was
    /// before light workers heard only of theirs, so an older node's announcements wake them too.
    static func announcement(of work: NewWork) -> String {
        work.wakesLightWorkers ? "" : "heavy"
    }

    static func work(announced payload: String) -> NewWork {
        payload == announcement(of: .heavyOnly) ? .heavyOnly : .mayBeLight
    }
}
