/// The transitions of a chunked encode (issue #16): the run gains its chunk steps once the
/// import knows the input's keyframes, and the encode step that joins them (`video` or
/// `adaptive_video`) shows their progress while they run.
extension Lifecycle {
    /// After the import of a `video` or `adaptive_video` job (`importIndex`, succeeded): one
    /// `video_chunk` step per range is added, each after the import so any worker may claim it,
    /// with `ids` for ids; the encode step now comes after all of them and joins their results.
    /// The steps the import's worker held after it (the encode step and the export, its chain)
    /// wait again, and their claim does not count as an attempt. Fewer than two ranges change nothing.
    public static func planChunks(_ run: Run, after importIndex: Int, ranges: [ChunkRange], ids: [String], now: Int64) throws(LifecycleRefusal) -> Run {
        guard ranges.count > 1 else { return run }
        guard run.steps.indices.contains(importIndex), ids.count == ranges.count else { throw .noSuchStep(importIndex) }
        let importStep = run.steps[importIndex]
        guard importStep.status == .succeeded else { throw .stepNotInState(importIndex, importStep.status) }
        let graph = RunGraph(run.steps)
        guard let encode = graph.dependents(of: importIndex).first(where: { ChunkPlanner.joiningKinds.contains(run.steps[$0].kind) }) else {
            throw .noSuchStep(importIndex)
        }
        guard [.waiting, .queued].contains(run.steps[encode].status) else { throw .stepNotInState(encode, run.steps[encode].status) }
        var next = run
        for index in graph.chain(from: encode) {
            next.steps[index].reset(to: .waiting, keepingInput: false, now: now)
            if next.steps[index].lease != nil { next.steps[index].attempts = max(next.steps[index].attempts - 1, 0) }
            next.steps[index].lease = nil
        }
        next.steps[encode].after = ids
        for (number, (range, id)) in zip(ranges, ids).enumerated() {
            next.steps.append(Step(
                id: id, projectID: run.projectID, runID: run.id, jobID: importStep.jobID, kind: .videoChunk,
                options: VideoChunkOptions(index: number, range: range).canonical, createdBy: importStep.createdBy,
                createdAt: now, updatedAt: now, after: [importStep.id]
            ))
        }
        next.updatedAt = now
        settle(&next, now: now)
        return next
    }

    /// The chunks a step joins (the `video_chunk` steps it comes after), in order; empty for any other step.
    public static func chunks(joinedBy index: Int, in run: Run) -> [Int] {
        RunGraph(run.steps).dependencies(of: index).filter { run.steps[$0].kind == .videoChunk }
    }

    /// A chunk's progress is also its join's: the sum of the chunks'.
    static func showJoinProgress(_ run: inout Run, after index: Int) {
        guard run.steps[index].kind == .videoChunk else { return }
        for join in RunGraph(run.steps).dependents(of: index) where !run.steps[join].status.isFinished {
            run.steps[join].progress = joinProgress(run, joining: join)
        }
    }

    /// The progress of a joining step while its chunks run: their progress weighted by their
    /// length, below 100 until the join itself is done.
    static func joinProgress(_ run: Run, joining index: Int) -> Int? {
        let chunks = chunks(joinedBy: index, in: run)
        guard !chunks.isEmpty else { return nil }
        var done = 0.0
        var total = 0.0
        for chunk in chunks {
            let options = run.steps[chunk].options
            let length = max((options["end"]?.doubleValue ?? 0) - (options["start"]?.doubleValue ?? 0), 0)
            let percent = run.steps[chunk].status == .succeeded ? 100 : Double(run.steps[chunk].progress ?? 0)
            done += length * percent
            total += length
        }
        return total > 0 ? min(99, Int(done / total)) : 0
    }
}
