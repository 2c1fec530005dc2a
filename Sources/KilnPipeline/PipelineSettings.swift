import Foundation
import KilnCore
import KilnStorage

/// How workers run jobs.
public struct PipelineSettings: Sendable {
    /// Parallel heavy work in this process (`HeavySlots`): steps that run ffmpeg, ffprobe or an engine.
    public var workers: Int
    /// Workers beside those that claim only runs of light kinds (`LightWork`: still images in
    /// process); none when `workers` is 0.
    public var lightWorkers: Int = PipelineSettings.defaultLightWorkers
    /// How long a claim lasts without a heartbeat; a worker renews it every third of that.
    public var leaseMillis: Int64
    /// Claims of one job before it fails instead of running again.
    public var maximumAttempts: Int
    /// Where jobs work; each gets its own directory, removed afterwards.
    public var scratchRoot: String
    public var fetchLimits: InputFetcher.Limits
    public var addressPolicy: AddressPolicy
    /// The largest picture (width × height) an input may have: a small file can decode into
    /// gigabytes (a decompression bomb), so the probe refuses it before anything decodes it.
    public var maximumInputPixels: Int64 = PipelineSettings.defaultMaximumInputPixels
    /// A `video` job on an input longer than this is cut at keyframes into chunks of about this
    /// length, which any worker encodes, and joined (issue #16); 0 never chunks.
    public var chunkSeconds: Double = ChunkPlanner.defaultSeconds
    /// Local `file://` inputs (the command line's local mode only).
    public var allowsLocalFiles = false

    public init(
        workers: Int = PipelineSettings.defaultWorkers, leaseMillis: Int64 = 30_000, maximumAttempts: Int = 3,
        scratchRoot: String, fetchLimits: InputFetcher.Limits = .init(), addressPolicy: AddressPolicy = .init()
    ) {
        self.workers = workers
        self.leaseMillis = leaseMillis
        self.maximumAttempts = maximumAttempts
        self.scratchRoot = scratchRoot
        self.fetchLimits = fetchLimits
        self.addressPolicy = addressPolicy
    }

    /// 100 megapixels, like imgproxy's `max_src_resolution`: above 8K video (33 MP) and any camera.
    public static let defaultMaximumInputPixels: Int64 = 100_000_000

    /// Half the cores, at least one: each ffmpeg already uses several threads.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount / 2) }

    /// Two a core: a light job waits on its fetch, store writes and events about half its time
    /// (bench/images: 2, 3 and 4 light workers beside one on 2 cores gave 0.92×, 0.96× and 1.01× thumbor).
    public static var defaultLightWorkers: Int { max(1, 2 * ProcessInfo.processInfo.activeProcessorCount) }
}
