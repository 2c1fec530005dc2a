/// One piece of a chunked encode: the input from `start` to `end` seconds (input time), cut at
/// keyframes so that each piece decodes on its own and the pieces join without re-encoding.
public struct ChunkRange: Sendable, Equatable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var length: Double { end - start }
}

/// The chunks one encode of a run is cut into: the `video` or `adaptive_video` step at `encode`
/// joins them. Fewer than two ranges leave the encode whole.
public struct ChunkPlan: Sendable, Equatable {
    public var encode: Int
    public var ranges: [ChunkRange]

    public init(encode: Int, ranges: [ChunkRange]) {
        self.encode = encode
        self.ranges = ranges
    }

    /// The `video_chunk` steps the plan adds to the run.
    public var stepCount: Int { ranges.count > 1 ? ranges.count : 0 }
}

/// Where a long `video` or `adaptive_video` encode — a job's, or any of a workflow's — is cut
/// into chunks that any worker encodes (issue #16). Pure: the keyframe times come from ffprobe at
/// the import, the threshold from the node's settings.
public enum ChunkPlanner {
    /// The default `--chunk-seconds`: inputs longer than this are chunked, in pieces of about this length.
    public static let defaultSeconds = 120.0

    /// The kinds whose step may join chunks.
    public static let joiningKinds: Set<StepKind> = [.video, .adaptiveVideo]

    /// The encodes after the import at `importIndex` worth cutting, with the span of the input
    /// each covers: every chunkable `video` or `adaptive_video` step after it (a job's one encode,
    /// or a workflow's steps) whose span is longer than `every` seconds. A step behind a gate whose
    /// conditions do not hold for the probed `input` is left out: it will not run; so is one that
    /// joins chunks already (an import run again, when the worker that held it and the gate after
    /// it died, finds its encodes planned).
    public static func spans(in run: Run, after importIndex: Int, input: JSONValue, duration: Double, every: Double) -> [(encode: Int, span: ChunkRange)] {
        guard every > 0, run.steps.indices.contains(importIndex) else { return [] }
        let graph = RunGraph(run.steps)
        return graph.descendants(of: importIndex).compactMap { index in
            guard Lifecycle.chunks(joinedBy: index, in: run).isEmpty,
                  let options = try? joiningOptions(of: run.steps[index]), let trim = chunkableTrim(options),
                  gatesHold(before: index, in: graph, upTo: importIndex, input: input) else { return nil }
            let span = ChunkRange(start: trim.start ?? 0, end: min(trim.end ?? duration, duration))
            return span.length > every ? (index, span) : nil
        }
    }

    /// The most chunks one import adds to a run, whatever its encodes, input and `--chunk-seconds`:
    /// far more than any cluster has workers, and few enough to be written in one statement.
    public static let maximumChunksPerRun = 1000

    /// The plans for `spans`, each cut at `keyframes` (`chunks(keyframes:start:end:every:)`); an
    /// encode with no cut is left out. When they would add more than `maximumChunksPerRun` chunks,
    /// the pieces are made twice as long until they do not.
    public static func plans(_ spans: [(encode: Int, span: ChunkRange)], keyframes: [Double], every: Double) -> [ChunkPlan] {
        var length = every
        while true {
            let plans = spans.map { ChunkPlan(encode: $0.encode, ranges: chunks(keyframes: keyframes, start: $0.span.start, end: $0.span.end, every: length)) }
                .filter { $0.stepCount > 0 }
            if plans.map(\.stepCount).reduce(0, +) <= maximumChunksPerRun || length <= 0 { return plans }
            length *= 2
        }
    }

    /// The first index of `sorted` whose element satisfies `isAtOrPast` (false, then true, along
    /// `sorted`), or its count: a binary search, as an input of hours has thousands of keyframes.
    private static func firstIndex(in sorted: [Double], where isAtOrPast: (Double) -> Bool) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if isAtOrPast(sorted[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Whether every `conditions` step between the import and step `index` holds for `input`.
    private static func gatesHold(before index: Int, in graph: RunGraph, upTo importIndex: Int, input: JSONValue) -> Bool {
        var frontier = graph.dependencies(of: index)
        while let current = frontier.popLast() {
            guard current != importIndex else { continue }
            let step = graph.steps[current]
            if step.kind == .conditions {
                guard let gate = try? ConditionsStep.decode(step.options), gate.holds(for: input) else { return false }
            }
            frontier += graph.dependencies(of: current)
        }
        return true
    }

    /// The span (the job's trim) an encode covers when it may be chunked, nil when it may not: a
    /// `video` encode whose container joins with the concat demuxer and whose codec has no
    /// cross-piece state (mp4 or mov, h264 or h265), or an `adaptive_video` one (H.264 renditions
    /// whose segments are cut at keyframes every rendition shares).
    public static func chunkableTrim(_ options: JobOptions) -> Trim? {
        switch options {
        case .video(let o): return o.format != .webm && [.h264, .h265].contains(o.codec) ? o.trim : nil
        case .adaptiveVideo(let o): return o.trim
        case .audio, .image, .animation: return nil
        }
    }

    /// The options of a step that may join chunks, read from their stored form; nil for any other kind.
    public static func joiningOptions(of step: Step) throws(StoredOptionsError) -> JobOptions? {
        switch step.kind {
        case VideoStep.kind: return .video(try VideoStep.decode(step.options))
        case AdaptiveVideoStep.kind: return .adaptiveVideo(try AdaptiveVideoStep.decode(step.options))
        default: return nil
        }
    }

    /// The chunks of the span `start`–`end` (the job's trim, in input seconds), each cut at the
    /// keyframe nearest `every` seconds after the previous cut, so chunks stay near that length; one chunk (no cut) when the span is not longer
    /// than `every`, `every` is 0 or no keyframe falls inside it. A keyframe closer than a
    /// quarter of `every` to the previous cut or to the end is skipped, so no chunk is tiny.
    public static func chunks(keyframes: [Double], start: Double, end: Double, every: Double) -> [ChunkRange] {
        guard every > 0, end - start > every else { return [ChunkRange(start: start, end: end)] }
        let candidates = keyframes.filter { $0 > start && $0 < end }.sorted()
        var cuts: [Double] = []
        var target = start + every
        while target < end {
            let previous = cuts.last ?? start
            // The keyframes after the last cut nearest the target: the last before it and the first at or after it.
            let first = firstIndex(in: candidates) { $0 > previous }
            let after = max(first, firstIndex(in: candidates) { $0 >= target })
            let around = [after - 1, after].filter { $0 >= first && $0 < candidates.count }.map { candidates[$0] }
            let nearest = around.min { abs($0 - target) < abs($1 - target) }
            if let nearest, nearest - previous >= every / 4, end - nearest >= every / 4 {
                cuts.append(nearest)
                target = nearest + every
            } else {
                target += every
            }
        }
        let bounds = [start] + cuts + [end]
        return zip(bounds, bounds.dropFirst()).map { ChunkRange(start: $0, end: $1) }
    }
}
