/// The transitions of a chunked encode (issue #16): the run gains its chunk steps once the
/// import knows the input's keyframes, and each encode step that joins them (`video` or
/// `adaptive_video`) shows their progress while they run.
extension Lifecycle {
    /// After the import at `importIndex` (succeeded): for each plan with a cut, one `video_chunk`
    /// step per range is added, each after what the plan's encode came after (the import, or the
    /// gate of a workflow's `next` step) so any worker may claim it, with `ids` for ids in order;
    /// the encode step now comes after its chunks and joins their results. The steps a worker held
    /// from the encode on (a job's encode and export, claimed with the import) wait again, and
    /// their claim does not count as an attempt. Plans with fewer than two ranges change nothing,
    /// and so does a plan for an encode that joins chunks already (its ids go unused).
    public static func planChunks(_ run: Run, after importIndex: Int, plans: [ChunkPlan], ids: [String], now: Int64) throws(LifecycleRefusal) -> Run {
        let plans = plans.filter { $0.stepCount > 0 }
        guard !plans.isEmpty else { return run }
        guard run.steps.indices.contains(importIndex), ids.count == plans.map(\.stepCount).reduce(0, +) else { throw .noSuchStep(importIndex) }
        let importStep = run.steps[importIndex]
        guard importStep.status == .succeeded else { throw .stepNotInState(importIndex, importStep.status) }
        let graph = RunGraph(run.steps)
        let after = Set(graph.descendants(of: importIndex))
        var next = run
        var unused = ids[...]
        for plan in plans {
            let encode = plan.encode
            let chunkIDs = Array(unused.prefix(plan.ranges.count))
            unused = unused.dropFirst(plan.ranges.count)
            guard after.contains(encode), ChunkPlanner.joiningKinds.contains(run.steps[encode].kind) else { throw .noSuchStep(encode) }
            guard chunks(joinedBy: encode, in: run).isEmpty else { continue }
            guard [.waiting, .queued].contains(run.steps[encode].status) else { throw .stepNotInState(encode, run.steps[encode].status) }
            for index in graph.chain(from: encode) {
                next.steps[index].reset(to: .waiting, keepingInput: false, now: now)
                if next.steps[index].lease != nil { next.steps[index].attempts = max(next.steps[index].attempts - 1, 0) }
                next.steps[index].lease = nil
            }
            for (number, (range, id)) in zip(plan.ranges, chunkIDs).enumerated() {
                next.steps.append(Step(
                    id: id, projectID: run.projectID, runID: run.id, jobID: importStep.jobID, kind: .videoChunk,
                    options: VideoChunkOptions(index: number, range: range, encode: run.steps[encode].id).canonical, createdBy: importStep.createdBy,
                    createdAt: now, updatedAt: now, after: run.steps[encode].after
                ))
            }
            next.steps[encode].after = chunkIDs
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
