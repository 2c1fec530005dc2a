import Foundation
import KilnCore
import KilnMedia
import KilnPipeline
import KilnStorage
import KilnStore
import Logging

/// The server's pipeline, run in this process for one job or task: a throwaway SQLite store and
/// scratch space in a temporary directory, the same `JobRunner`, no HTTP.
struct LocalPipeline {
    let directory: URL
    let store: SQLiteJobStore
    let files: LocalStore
    let runner: JobRunner
    let ids = IDSource.live()
    let clock = KilnClock.system

    static let localURLBase = "kiln-local:"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
        files = LocalStore(root: directory.appendingPathComponent("files").path, publicURL: Self.localURLBase)
        var settings = PipelineSettings(
            workers: 1, leaseMillis: 3_600_000, maximumAttempts: 1, scratchRoot: directory.appendingPathComponent("scratch").path,
            addressPolicy: AddressPolicy(allowPrivate: true)
        )
        settings.allowsLocalFiles = true
        var logger = Logger(label: "kiln")
        logger.logLevel = .critical
        runner = JobRunner(
            store: store, ffmpeg: FFmpeg(), results: .local(files), clock: KilnClock.system, settings: settings, logger: logger,
            connections: Self.environmentConnection(ProcessInfo.processInfo.environment)
        )
        try FileManager.default.createDirectory(atPath: settings.scratchRoot, withIntermediateDirectories: true)
    }

    /// Without a server there are no saved connections: `s3://` inputs and outputs use the
    /// standard AWS variables (see `EnvironmentS3`).
    static func environmentConnection(_ environment: [String: String]) -> StorageConnections {
        StorageConnections { _, _ in EnvironmentS3.store(environment) }
    }

    func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `job` (a job or a standalone task's carrier) to its end, calling `update` as it goes.
    func run(_ job: Job, update: @escaping @Sendable (Job) async -> Void) async throws -> Job {
        _ = try await store.createJob(job, idempotency: nil)
        guard let claimed = try await store.claimNextJob(workerID: "local", leaseMillis: 3_600_000, now: clock.nowMillis(), maximumAttempts: 1) else {
            throw CocoaError(.fileReadUnknown)
        }
        let store = self.store
        let projectID = job.projectID
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runner.run(claimed, workerID: "local") }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(200))
                    if let current = try await Self.current(store, id: job.id, projectID: projectID, standalone: job.standalone) { await update(current) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
        guard let final = try await Self.current(store, id: job.id, projectID: projectID, standalone: job.standalone) else {
            throw CocoaError(.fileReadUnknown)
        }
        await update(final)
        return final
    }

    /// The job as it stands; a standalone carrier is read through its task.
    static func current(_ store: SQLiteJobStore, id: String, projectID: String, standalone: Bool) async throws -> Job? {
        if !standalone { return try await store.job(id: id, projectID: projectID) }
        let page = try await store.listTasks(projectID: projectID, filter: TaskFilter(), page: PageRequest(limit: 1))
        guard let task = page.items.first, let status = try await store.jobStatus(id: id) else { return nil }
        return Job(
            id: id, projectID: projectID, kind: .video, input: "", options: JSONObject(), metadata: JSONObject(), status: status,
            error: task.error, createdAt: task.createdAt, startedAt: task.startedAt, finishedAt: task.finishedAt,
            updatedAt: task.updatedAt, tasks: [task], standalone: true
        )
    }

    /// Where a published result of this run is on disk.
    func path(ofOutput url: String) -> String? {
        files.key(forURL: url).map { files.path(for: $0) }
    }
}
