/// Which runs a node's light workers may claim (#16). A worker running one still-image job at a
/// time leaves the CPU half idle (the fetch, the store writes and the events wait on I/O), so a
/// node runs such work on light workers beside its `--workers`, which stay the bound on heavy
/// work (ffmpeg, ffprobe, the analysis engines).
///
/// Decided at claim time from what is known there, the kinds of a run's steps: a light worker
/// claims a run only when every step of it is of a kind below. What is known only later (an image
/// step's input turns out to be a video frame, an animation or another format, which ffmpeg
/// renders) runs its program in one of the node's heavy slots (`HeavySlots`), so a light worker
/// never runs ffmpeg beside the heavy workers.
public enum LightWork {
    /// The kinds whose steps may run in process and in milliseconds: the probe and the render of
    /// a still PNG, JPEG or WebP are libvips's, the import and the export move files, a condition
    /// reads the probe.
    public static let kinds: Set<StepKind> = [.probe, .import, .image, .export, .conditions]

    /// Whether a light worker may claim a run whose steps are of `stepKinds`.
    public static func mayClaim(_ stepKinds: some Sequence<StepKind>) -> Bool {
        stepKinds.allSatisfy(kinds.contains)
    }

    /// Whether a light worker may claim `run`.
    public static func mayClaim(_ run: Run) -> Bool {
        mayClaim(run.steps.map(\.kind))
    }
}
