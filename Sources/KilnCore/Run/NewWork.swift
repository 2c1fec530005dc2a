/// What a wake-up tells idle workers about the work that caused it (a created run, steps a run
/// made ready): whether a light worker may claim it. Heavy workers claim any run, so every wake
/// reaches them; light workers wake only for work `LightWork` lets them claim, so a stream of
/// video jobs does not keep them looking for still images that are not there.
public enum NewWork: Sendable, Equatable {
    /// Work a light worker may claim, or work not known (another node's older announcement, a
    /// shutdown): wakes every idle worker.
    case mayBeLight
    /// Work only heavy workers claim.
    case heavyOnly

    /// The work of `run`, as created or with steps a finished step made ready: the same, since
    /// the only steps added to a run (a chunked encode's) are added to a heavy one.
    public init(_ run: Run) {
        self = LightWork.mayClaim(run) ? .mayBeLight : .heavyOnly
    }

    /// Whether this work wakes an idle light worker (a heavy one always wakes).
    public var wakesLightWorkers: Bool { self == .mayBeLight }
}
