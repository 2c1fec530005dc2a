import Foundation
import KilnCore
import KilnIntelligence
import KilnMedia
import KilnObservability
import KilnStorage
import Logging

/// The side effects a node's steps have: fetching, probing, encoding, publishing and uploading.
/// Each failure comes out as the documented error of a task (`RunFailure`), and what was moved is
/// counted in the node's metrics. Built once per node (`live`); a unit test swaps the processes
/// and the fetcher for fakes.
public struct NodeEffects: Sendable {
    /// Fetches an http(s) (or, on the command line, file://) input to a path; returns its bytes.
    public var fetchURL: @Sendable (_ url: String, _ destination: String) async throws -> Int64
    /// Probes a file; an input larger than the pixel limit given is refused before anything decodes it.
    public var probeFile: @Sendable (_ path: String, _ filename: String, _ maximumPixels: Int64?) async throws -> MediaFile
    /// The times of a video's keyframes (`FFmpeg.keyframes`), where a chunked encode may cut it.
    public var keyframeTimes: @Sendable (_ path: String) async throws -> [Double]
    /// Runs an encode, reporting progress as a percentage.
    public var runEncode: @Sendable (_ plan: EncodePlan, _ scratchPaths: [String], _ progress: @escaping @Sendable (Double) -> Void) async throws -> Void
    public let results: ResultStorage
    public let connections: StorageConnections
    public let clock: KilnClock
    /// The node's logger; a running step's carries its run's ids (`job_id`, `task_id`, `worker`).
    public internal(set) var logger: Logger
    /// The most an input may weigh, for inputs read from a bucket.
    public let maximumInputBytes: Int64
    /// The largest picture (width × height) an input may have; checked by the probe.
    public let maximumInputPixels: Int64
    public let metrics: NodeMetrics
    /// The engines of the analysis kinds (speech).
    public var engines: AnalysisEngines

    public init(
        fetchURL: @escaping @Sendable (String, String) async throws -> Int64,
        probeFile: @escaping @Sendable (String, String, Int64?) async throws -> MediaFile,
        runEncode: @escaping @Sendable (EncodePlan, [String], @escaping @Sendable (Double) -> Void) async throws -> Void,
        results: ResultStorage, connections: StorageConnections, clock: KilnClock, logger: Logger, maximumInputBytes: Int64,
        maximumInputPixels: Int64 = PipelineSettings.defaultMaximumInputPixels, metrics: NodeMetrics = NodeMetrics(),
        engines: AnalysisEngines = .standard,
        keyframeTimes: @escaping @Sendable (String) async throws -> [Double] = { _ in [] }
    ) {
        self.engines = engines
        self.keyframeTimes = keyframeTimes
        self.fetchURL = fetchURL
        self.probeFile = probeFile
        self.runEncode = runEncode
        self.maximumInputPixels = maximumInputPixels
        self.results = results
        self.connections = connections
        self.clock = clock
        self.logger = logger
        self.maximumInputBytes = maximumInputBytes
        self.metrics = metrics
    }

    /// The real thing: still pictures with libvips in process, the rest with ffprobe and ffmpeg as
    /// processes (`MediaEngine`), inputs through the fetcher's address guard.
    public static func live(
        ffmpeg: FFmpeg, fetcher: InputFetcher, results: ResultStorage, connections: StorageConnections, clock: KilnClock,
        logger: Logger, maximumInputBytes: Int64, maximumInputPixels: Int64 = PipelineSettings.defaultMaximumInputPixels,
        metrics: NodeMetrics = NodeMetrics(), engines: AnalysisEngines = .standard
    ) -> NodeEffects {
        let media = MediaEngine(ffmpeg: ffmpeg)
        return NodeEffects(
            fetchURL: { url, destination in try await fetcher.fetch(url, to: destination) },
            probeFile: { path, filename, maximumPixels in try await media.probe(path: path, filename: filename, maximumPixels: maximumPixels) },
            runEncode: { plan, scratchPaths, progress in try await media.encode(plan, scratchPaths: scratchPaths, progress: progress) },
            results: results, connections: connections, clock: clock, logger: logger, maximumInputBytes: maximumInputBytes,
            maximumInputPixels: maximumInputPixels, metrics: metrics, engines: engines,
            keyframeTimes: { path in try await ffmpeg.keyframes(path: path) }
        )
    }

    /// Runs `body`, turning what it throws into a task's error; cancellation passes through.
    func mapping<T>(_ stage: FailureStage, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let mapped = RunFailure.runError(for: error, during: stage)
            if mapped.kind == "internal_error" { logger.error("unexpected error while \(stage): \(String(reflecting: error))") }
            throw mapped
        }
    }

    /// The file on this disk of a result this server published; nil for any other URL.
    func localPath(of url: String) async throws -> String? {
        try await mapping(.fetchingInput) { try results.localPath(forURL: url) }
    }

    /// Reads an input: http(s) through the address guard, s3:// through the server's bucket or
    /// the project's connection.
    func fetch(_ url: String, projectID: String, connectionID: String?, to destination: String) async throws {
        guard let location = S3Location(url) else {
            let bytes = try await mapping(.fetchingInput) { try await fetchURL(url, destination) }
            metrics.fetched(bytes: bytes, source: "http")
            return
        }
        var bucketStore = results.store(for: location)
        if bucketStore == nil { bucketStore = try await connections.open(projectID, connectionID) }
        guard let s3 = bucketStore else {
            throw RunError("connection_required", "an s3:// input needs a storage connection (POST /connections on a server; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY on the command line)")
        }
        let bytes = try await mapping(.fetchingInput) { try await s3.download(location, to: destination, maximumBytes: maximumInputBytes) }
        metrics.fetched(bytes: bytes, source: "s3")
    }

    /// A file the run kept for its steps (its imported copy, a chunk): its path on this disk, or
    /// downloaded to `destination`; nil when there is none.
    func shared(runID: String, _ folder: ResultStorage.SharedFolder, name: String, downloadingTo destination: String) async throws -> String? {
        let maximumBytes = maximumInputBytes
        return try await mapping(.fetchingInput) {
            try await results.shared(runID: runID, folder, name: name, downloadingTo: destination, maximumBytes: maximumBytes)
        }
    }

    func probe(_ path: String, filename: String) async throws -> MediaFile {
        try await mapping(.probing) { try await probeFile(path, filename, maximumInputPixels) }
    }

    /// Runs the encode of a `kind` step, and records its speed against the media it encoded.
    func encode(_ plan: EncodePlan, kind: StepKind, scratch: String, progress: @escaping @Sendable (Double) -> Void) async throws {
        let started = ContinuousClock.now
        try await mapping(.encoding) {
            try await runEncode(plan, [scratch + "/out", scratch + "/input", scratch], progress)
        }
        if let seconds = plan.expectedDuration {
            metrics.encoded(kind: kind.rawValue, mediaSeconds: seconds, duration: ContinuousClock.now - started)
        }
    }

    /// Scores the sampled frames of `path` for the nsfw kind.
    func classifyNSFW(_ path: String, isImage: Bool, interval: Double, scratch: String) async throws -> [NSFWFrame] {
        try await mapping(.encoding) { try await engines.nsfw.classify(path: path, isImage: isImage, interval: interval, scratch: scratch) }
    }

    /// The probed result; ffprobe 5 cannot read animated WebP, so that one is described from the plan.
    func describeOutput(_ path: String, plan: EncodePlan) async throws -> MediaFile {
        // A thumbnail track's index or WebVTT file is described by its plan (the step adds the folder's size).
        if let track = plan.track { return track.mediaFile(filesize: nil) }
        let filename = (plan.primaryOutput as NSString).lastPathComponent
        if let media = try? await probeFile(path, filename, nil) { return media }
        let ext = (filename as NSString).pathExtension
        guard ext == "webp", let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber else {
            throw RunError("encode_failed", "ffmpeg produced no readable output")
        }
        return MediaFile(
            kind: .image, filename: filename, filesize: size.int64Value, mimetype: MediaTypes.forExtension(ext),
            format: ext, width: plan.frame?.width, height: plan.frame?.height, video: .init(name: "webp")
        )
    }

    /// Publishes `path` (a file, or a folder with `primary` below it) under `key` and returns its URL.
    func publish(_ path: String, key: String, primary: String? = nil) async throws -> String {
        // Measured before: publishing on this disk moves the files.
        let bytes = DiskUsage.bytes(at: path)
        let url = try await mapping(.publishing) { try await results.publish(path, key: key, primary: primary) }
        metrics.exported(bytes: bytes, destination: results.isLocal ? "local" : "s3")
        return url
    }

    /// Uploads a result to `destination` (a key template) through the project's connection and
    /// returns its s3:// URL. For a folder (HLS, a thumbnail track) every file goes under the
    /// key's folder and the URL is its primary file's (the master playlist, index.json, the WebVTT track).
    func upload(
        _ outputRoot: String, primaryOutput: String, directory: String?, to destination: String, projectID: String,
        connectionID: String?, id: String, baseName: String
    ) async throws -> String {
        guard let template = S3Location(destination) else { throw RunError("export_failed", "\(destination) is not an s3://bucket/key URL") }
        guard let s3 = try await connections.open(projectID, connectionID) else {
            throw RunError("connection_required", "there is no storage connection for \(destination) (it was removed, or, on the command line, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set)")
        }
        let outputName = (primaryOutput as NSString).lastPathComponent
        let key = S3KeyTemplate.resolve(
            template.key, id: id, date: Date(timeIntervalSince1970: Double(clock.nowMillis()) / 1000),
            filename: baseName, ext: (outputName as NSString).pathExtension, outputName: outputName
        )
        let bytes = DiskUsage.bytes(at: directory.map { outputRoot + "/" + $0 } ?? outputRoot + "/" + primaryOutput)
        let url = try await mapping(.uploading) {
            guard let directory else {
                let file = outputRoot + "/" + primaryOutput
                let location = S3Location(bucket: template.bucket, key: key)
                try await s3.upload(file: file, to: location, contentType: MediaTypes.forExtension((file as NSString).pathExtension) ?? "application/octet-stream")
                return location.url
            }
            let primaryKey = key.hasSuffix("." + (outputName as NSString).pathExtension) ? key : key + "/" + outputName
            let prefix = FilePaths.parent(of: primaryKey)
            let primaryRelative = String(primaryOutput.dropFirst(directory.count + 1))
            try await s3.uploadDirectory(outputRoot + "/" + directory, bucket: template.bucket) { relative in
                relative == primaryRelative ? primaryKey : (prefix.isEmpty ? relative : prefix + "/" + relative)
            }
            return S3Location(bucket: template.bucket, key: primaryKey).url
        }
        metrics.exported(bytes: bytes, destination: "s3")
        return url
    }
}
