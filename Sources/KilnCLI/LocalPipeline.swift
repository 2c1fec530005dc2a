import ArgumentParser
import Foundation
import KilnCore
import KilnIntelligence
import KilnNode
import KilnPipeline
import KilnStorage
import KilnStore
import Logging

/// The server's pipeline, run in this process for one job or task: a node with a throwaway
/// SQLite store and scratch space in a temporary directory, no HTTP.
struct LocalPipeline {
    let directory: URL
    let node: Node
    let files: LocalStore
    let ids = IDSource.live()
    let clock = KilnClock.system

    static let localURLBase = "kiln-local:"

    init(engines: AnalysisEngines) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path)
        files = LocalStore(root: directory.appendingPathComponent("files").path, publicURL: Self.localURLBase)
        var pipeline = PipelineSettings(
            workers: 1, leaseMillis: 3_600_000, maximumAttempts: 1, scratchRoot: directory.appendingPathComponent("scratch").path,
            addressPolicy: AddressPolicy(allowPrivate: true)
        )
        pipeline.allowsLocalFiles = true
        // One worker: cutting a long video into chunks would only add the join.
        pipeline.chunkSeconds = 0
        var logger = Logger(label: "kiln")
        logger.logLevel = .critical
        // Without a server there are no saved connections: `s3://` inputs and outputs use the
        // standard AWS variables (see `EnvironmentS3`).
        let environment = ProcessInfo.processInfo.environment
        node = Node(
            NodeSettings(
                nodeID: "local", publicURL: Self.localURLBase, filesRoot: nil, results: .local(files), pipeline: pipeline, secrets: nil,
                connections: StorageConnections { _, _ in EnvironmentS3.store(environment) }, engines: engines, logger: logger
            ),
            store: store
        )
        try FileManager.default.createDirectory(atPath: pipeline.scratchRoot, withIntermediateDirectories: true)
    }

    /// Runs `body` with a new pipeline, which is removed afterwards.
    static func using<T>(
        engines: AnalysisEngines = EngineOptions.engines(ProcessInfo.processInfo.environment), _ body: (LocalPipeline) async throws -> T
    ) async throws -> T {
        let pipeline = try LocalPipeline(engines: engines)
        do {
            let result = try await body(pipeline)
            await pipeline.removeAll()
            return result
        } catch {
            await pipeline.removeAll()
            throw error
        }
    }

    /// Ends the node and removes its directory.
    func removeAll() async {
        await node.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `run` (a job or a standalone task) to its end, calling `update` as it goes; a
    /// workflow's steps run `workers` at a time.
    func run(_ run: Run, workers: Int = 1, update: @escaping @Sendable (Run) async -> Void) async throws -> Run {
        let store = node.store
        _ = try await store.createRun(run, idempotency: nil)
        let executor = node.executor
        let interrupts = Interrupts()
        defer { interrupts.end() }
        // A signal ends the group: cancelling the steps kills their ffmpeg (its process group).
        let signalled = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                _ = try await executor.runToEnd(run.id, workers: workers)
                return nil
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(200))
                    if let current = try await store.run(id: run.id, projectID: nil) { await update(current) }
                }
            }
            group.addTask { await interrupts.next() }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        // The shell's convention for a program ended by a signal; `using` removes the directory.
        if let signalled { throw ExitCode(128 + signalled) }
        guard let final = try await store.run(id: run.id, projectID: nil) else { throw CocoaError(.fileReadUnknown) }
        await update(final)
        return final
    }

    /// Where a published result of this run is on disk.
    func path(ofOutput url: String) -> String? {
        files.key(forURL: url).map { files.path(for: $0) }
    }
}
