import Foundation
import KilnCore
import KilnMedia
import KilnStorage
import KilnStore
import Logging

/// Runs one claimed job: probe → import → encode → export, in a scratch directory of its own,
/// recording each task's transitions. A failing task fails the job with its error; the store
/// cancels the tasks after it.
public struct JobRunner: Sendable {
    public let store: any JobStore
    public let ffmpeg: FFmpeg
    public let fetcher: InputFetcher
    public let results: ResultStorage
    public let clock: KilnClock
    public let settings: PipelineSettings
    public let logger: Logger
    public let cancellations: JobCancellations
    public let connections: StorageConnections

    public init(
        store: any JobStore, ffmpeg: FFmpeg, results: ResultStorage, clock: KilnClock, settings: PipelineSettings, logger: Logger,
        cancellations: JobCancellations = JobCancellations(), connections: StorageConnections = .none
    ) {
        self.cancellations = cancellations
        self.connections = connections
        self.store = store
        self.ffmpeg = ffmpeg
        self.fetcher = InputFetcher(policy: settings.addressPolicy, limits: settings.fetchLimits, allowsLocalFiles: settings.allowsLocalFiles)
        self.results = results
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    /// The worker lost its claim (its lease expired and another worker took the job, or the job
    /// was cancelled).
    struct LeaseLost: Error {}

    /// The job was cancelled while it ran.
    struct CancelRequested: Error {}

    /// Runs the job to its end. Throws `CancellationError` when cancelled before finishing,
    /// and `LeaseLost` when another worker took it over; otherwise the outcome is in the store.
    public func run(_ job: Job, workerID: String) async throws {
        let scratch = (settings.scratchRoot as NSString).appendingPathComponent(job.id)
        try? FileManager.default.removeItem(atPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/out", withIntermediateDirectories: true)

        cancellations.begin(job.id)
        defer { cancellations.forget(job.id) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await heartbeat(jobID: job.id, workerID: workerID) }
            group.addTask {
                // A cancel may have landed between the claim and `begin`.
                if try await store.jobStatus(id: job.id) == .cancelled { throw CancelRequested() }
                await cancellations.waitForCancel(job.id)
                if !Task.isCancelled { throw CancelRequested() }
            }
            group.addTask {
                var run = TaskLog(job: job, workerID: workerID, store: store, clock: clock)
                if job.standalone {
                    try await standaloneStep(job, scratch: scratch, log: &run)
                } else {
                    try await steps(job, scratch: scratch, log: &run)
                }
            }
            // The steps end the group; the heartbeat and the cancel watch only end it by throwing.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Removes whatever a cancelled run published.
    public func discardOutputs(of job: Job) {
        results.remove(prefix: job.id)
        for task in job.tasks { results.remove(prefix: task.id) }
    }

    private func heartbeat(jobID: String, workerID: String) async throws {
        let interval = Duration.milliseconds(settings.leaseMillis / 3)
        while true {
            try await Task.sleep(for: interval)
            guard try await store.renewLease(jobID: jobID, workerID: workerID, leaseMillis: settings.leaseMillis, now: clock.nowMillis()) else {
                throw LeaseLost()
            }
        }
    }

    private func steps(_ job: Job, scratch: String, log: inout TaskLog) async throws {
        var step = 0
        do {
            let options = try JobOptions.parse(job.options, kind: job.kind)
            let inputName = Self.inputFilename(job.input)
            let source = scratch + "/input"
            let externalInput: JSONValue = ["object": "external_file", "url": .string(job.input)]

            // probe: fetch the input once, through the address guard, and inspect it.
            try await log.start(0, input: externalInput)
            try await fetchInput(job.input, of: job, to: source)
            var media = try await ffmpeg.probe(path: source, filename: inputName)
            media.url = job.input
            try await log.succeed(0, output: media.json)

            // import: the fetched copy becomes the job's source.
            step = 1
            try await log.start(1, input: externalInput)
            try await log.succeed(1, output: media.json)

            // encode
            step = 2
            try await log.start(2, input: media.json, options: job.options)
            let baseName = Self.baseName(inputName)
            let plan = try EncodePlan.make(input: media, inputPath: source, options: options, outputDirectory: scratch + "/out", baseName: baseName)
            try await encode(plan, scratch: scratch, log: &log, taskIndex: 2)
            let produced = scratch + "/out/" + plan.primaryOutput
            var result = try await describeOutput(produced, plan: plan)
            if let directory = plan.outputDirectory { result.filesize = Self.totalSize(scratch + "/out/" + directory) }
            try await log.succeed(2, output: result.json)

            // export
            step = 3
            try await log.start(3, input: result.json)
            let url: String
            if let destination = job.destination {
                url = try await upload(scratch + "/out", plan: plan, to: destination, of: job, id: job.id, inputName: inputName)
            } else {
                url = try await publish(plan, from: scratch + "/out", under: job.id)
            }
            result.url = url
            try await log.finishJob(status: .succeeded, output: url, error: nil, succeeding: 3, output: result.json)
        } catch let error as RunError {
            try await log.fail(step, error)
            try await log.finishJob(status: .failed, output: nil, error: error)
        } catch is CancellationError {
            throw CancellationError()
        } catch is LeaseLost {
            throw LeaseLost()
        } catch is CancelRequested {
            throw CancelRequested()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            logger.error("job \(job.id) stopped by an unexpected error: \(String(reflecting: error))")
            let failure = RunError("internal_error", "an unexpected error stopped this task; the server log has details")
            try await log.fail(step, failure)
            try await log.finishJob(status: .failed, output: nil, error: failure)
        }
    }

    /// Runs ffmpeg, recording progress at most once a second.
    private func encode(_ plan: EncodePlan, scratch: String, log: inout TaskLog, taskIndex: Int) async throws {
        let box = ProgressBox()
        let recorder = log
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await ffmpeg.encode(plan, scratchPaths: [scratch + "/out", scratch + "/input", scratch]) { box.set($0) }
                return true
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(1))
                    if let progress = box.take() { try await recorder.progress(taskIndex, progress) }
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// One task of `POST /tasks`, run like a job of one step. Its result is published under the
    /// task's id so a following task can read it by URL.
    private func standaloneStep(_ job: Job, scratch: String, log: inout TaskLog) async throws {
        let task = job.tasks[0]
        do {
            try await log.start(0, input: task.input)
            let url = job.input
            let source: String
            if let published = try results.localPath(forURL: url) {
                source = published
            } else {
                source = scratch + "/input"
                try await fetchInput(url, of: job, to: source)
            }
            let inputName = Self.inputFilename(url)
            var media = try await ffmpeg.probe(path: source, filename: inputName)
            media.url = url
            switch task.kind {
            case .probe:
                try await log.finishJob(status: .succeeded, output: nil, error: nil, succeeding: 0, output: media.json)
            case .import, .export:
                let staged = scratch + "/out/" + inputName
                try FileManager.default.copyItem(atPath: source, toPath: staged)
                if let destination = job.destination {
                    let plan = EncodePlan(arguments: [], primaryOutput: inputName)
                    media.url = try await upload(scratch + "/out", plan: plan, to: destination, of: job, id: task.id, inputName: inputName)
                } else {
                    media.url = try await publish(staged, key: "\(task.id)/\(inputName)")
                }
                try await log.finishJob(status: .succeeded, output: media.url, error: nil, succeeding: 0, output: media.json)
            case .video, .audio, .image, .animation, .adaptiveVideo:
                let options = try JobOptions.parse(task.options, kind: task.kind.jobKind!)
                let plan = try EncodePlan.make(input: media, inputPath: source, options: options, outputDirectory: scratch + "/out", baseName: Self.baseName(inputName))
                try await encode(plan, scratch: scratch, log: &log, taskIndex: 0)
                let produced = scratch + "/out/" + plan.primaryOutput
                var result = try await describeOutput(produced, plan: plan)
                if let directory = plan.outputDirectory { result.filesize = Self.totalSize(scratch + "/out/" + directory) }
                result.url = try await publish(plan, from: scratch + "/out", under: task.id)
                try await log.finishJob(status: .succeeded, output: result.url, error: nil, succeeding: 0, output: result.json)
            }
        } catch let error as RunError {
            try await log.fail(0, error)
            try await log.finishJob(status: .failed, output: nil, error: error)
        }
    }

    /// Reads an input: http(s) through the address guard, s3:// through the project's connection.
    private func fetchInput(_ url: String, of job: Job, to destination: String) async throws {
        guard let location = S3Location(url) else {
            _ = try await fetcher.fetch(url, to: destination)
            return
        }
        var bucketStore = results.store(for: location)
        if bucketStore == nil { bucketStore = try await connections.open(job.projectID, job.connectionID) }
        guard let s3 = bucketStore else {
            throw RunError("connection_required", "an s3:// input needs a storage connection (POST /connections on a server; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY on the command line)")
        }
        do {
            _ = try await s3.download(location, to: destination, maximumBytes: settings.fetchLimits.maximumBytes)
        } catch let error as RunError where error.kind == "export_failed" {
            throw RunError("input_unreachable", error.message)
        }
    }

    /// Uploads the result to `destination` (a key template) through the project's connection and
    /// returns its s3:// URL. For HLS every file goes under the key's folder and the URL is the
    /// master playlist's.
    private func upload(_ outputRoot: String, plan: EncodePlan, to destination: String, of job: Job, id: String, inputName: String) async throws -> String {
        guard let template = S3Location(destination) else { throw RunError("export_failed", "\(destination) is not an s3://bucket/key URL") }
        guard let s3 = try await connections.open(job.projectID, job.connectionID) else {
            throw RunError("connection_required", "there is no storage connection for \(destination) (it was removed, or, on the command line, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set)")
        }
        let outputName = (plan.primaryOutput as NSString).lastPathComponent
        let key = S3KeyTemplate.resolve(
            template.key, id: id, date: Date(timeIntervalSince1970: Double(clock.nowMillis()) / 1000),
            filename: Self.baseName(inputName), ext: (outputName as NSString).pathExtension, outputName: outputName
        )
        guard let directory = plan.outputDirectory else {
            let file = outputRoot + "/" + plan.primaryOutput
            try await s3.upload(file: file, to: S3Location(bucket: template.bucket, key: key), contentType: MediaTypes.forExtension((file as NSString).pathExtension) ?? "application/octet-stream")
            return S3Location(bucket: template.bucket, key: key).url
        }
        let masterKey = key.hasSuffix(".m3u8") ? key : key + "/master.m3u8"
        let prefix = (masterKey as NSString).deletingLastPathComponent
        try await s3.uploadDirectory(outputRoot + "/" + directory, bucket: template.bucket) { relative in
            relative == "master.m3u8" ? masterKey : (prefix.isEmpty ? relative : prefix + "/" + relative)
        }
        return S3Location(bucket: template.bucket, key: masterKey).url
    }

    /// Publishes an encode's result (a file, or an HLS folder) under `id` and returns its URL.
    private func publish(_ plan: EncodePlan, from outputRoot: String, under id: String) async throws -> String {
        if let directory = plan.outputDirectory {
            return try await publish(outputRoot + "/" + directory, key: "\(id)/\(directory)", primary: "\(id)/\(plan.primaryOutput)")
        }
        return try await publish(outputRoot + "/" + plan.primaryOutput, key: "\(id)/\(plan.primaryOutput)")
    }

    private func publish(_ path: String, key: String, primary: String? = nil) async throws -> String {
        do {
            return try await results.publish(path, key: key, primary: primary)
        } catch let error as RunError {
            throw error
        } catch {
            logger.error("publishing \(key) failed: \(error)")
            throw RunError("export_failed", "the output could not be stored on this server")
        }
    }

    /// The probed result; ffprobe 5 cannot read animated WebP, so that one is described from the plan.
    private func describeOutput(_ path: String, plan: EncodePlan) async throws -> MediaFile {
        let filename = (plan.primaryOutput as NSString).lastPathComponent
        do {
            return try await ffmpeg.probe(path: path, filename: filename)
        } catch let error as RunError where error.kind == "input_not_media" {
            let ext = (filename as NSString).pathExtension
            guard ext == "webp", let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber else {
                throw RunError("encode_failed", "ffmpeg produced no readable output")
            }
            return MediaFile(
                kind: .image, filename: filename, filesize: size.int64Value, mimetype: MediaTypes.forExtension(ext),
                format: ext, width: plan.frame?.width, height: plan.frame?.height, video: .init(name: "webp")
            )
        }
    }

    static func inputFilename(_ url: String) -> String {
        let name = URL(string: url)?.lastPathComponent ?? ""
        return name.isEmpty || name == "/" ? "input" : name
    }

    /// A safe file name for outputs, from the input's name without its extension.
    static func baseName(_ filename: String) -> String {
        let stem = (filename as NSString).deletingPathExtension
        let allowed = stem.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" }
        let cleaned = String(allowed.prefix(80)).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        return cleaned.isEmpty ? "output" : cleaned
    }

    static func totalSize(_ directory: String) -> Int64 {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total: Int64 = 0
        while let path = enumerator.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + path)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0 }
        }
        return total
    }
}

/// The job's tasks as the worker moves them along, each change written to the store.
struct TaskLog: Sendable {
    var job: Job
    let workerID: String
    let store: any JobStore
    let clock: KilnClock

    mutating func start(_ index: Int, input: JSONValue, options: JSONObject? = nil) async throws {
        let now = clock.nowMillis()
        job.tasks[index].status = .processing
        job.tasks[index].input = input
        if let options { job.tasks[index].options = options }
        job.tasks[index].startedAt = now
        job.tasks[index].updatedAt = now
        job.tasks[index].progress = 0
        try await record(index)
    }

    mutating func succeed(_ index: Int, output: JSONValue) async throws {
        let now = clock.nowMillis()
        job.tasks[index].status = .succeeded
        job.tasks[index].output = output
        job.tasks[index].progress = 100
        job.tasks[index].finishedAt = now
        job.tasks[index].updatedAt = now
        try await record(index)
    }

    mutating func fail(_ index: Int, _ error: RunError) async throws {
        let now = clock.nowMillis()
        job.tasks[index].status = .failed
        job.tasks[index].error = error
        job.tasks[index].progress = nil
        if job.tasks[index].startedAt == nil { job.tasks[index].startedAt = now }
        job.tasks[index].finishedAt = now
        job.tasks[index].updatedAt = now
        try await record(index)
    }

    func progress(_ index: Int, _ value: Double) async throws {
        var task = job.tasks[index]
        task.progress = (value * 10).rounded() / 10
        task.updatedAt = clock.nowMillis()
        guard try await store.recordTask(task, workerID: workerID) else { throw JobRunner.LeaseLost() }
    }

    /// Ends the job; with `succeeding`, that task's success is written in the same transaction,
    /// so a cancel that races the end never leaves a succeeded task in a cancelled job.
    mutating func finishJob(status: JobStatus, output: String?, error: RunError?, succeeding index: Int? = nil, output taskOutput: JSONValue = .null) async throws {
        let now = clock.nowMillis()
        var finalTask: MediaTask?
        if let index {
            job.tasks[index].status = .succeeded
            job.tasks[index].output = taskOutput
            job.tasks[index].progress = 100
            job.tasks[index].finishedAt = now
            job.tasks[index].updatedAt = now
            finalTask = job.tasks[index]
        }
        guard try await store.finishJob(id: job.id, workerID: workerID, status: status, output: output, error: error, finalTask: finalTask, now: now) else {
            throw JobRunner.LeaseLost()
        }
    }

    private func record(_ index: Int) async throws {
        guard try await store.recordTask(job.tasks[index], workerID: workerID) else { throw JobRunner.LeaseLost() }
    }
}
