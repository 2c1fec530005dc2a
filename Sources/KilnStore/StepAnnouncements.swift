import KilnCore

/// When a change is worth telling the other workers about, for both stores: the SQLite store's
/// workers share a process (the pool wakes them itself), PostgreSQL's hear `NOTIFY`.
public enum StepAnnouncements {
    /// A step is ready to claim after the change, and the change moved a step (a claim that left
    /// others ready, a step whose success made the next ready, a step given back).
    public static func stepsBecameClaimable(from old: Run, to new: Run) -> Bool {
        guard new.claimableAt == 0 else { return false }
        return old.claimableAt != 0 || zip(old.steps, new.steps).contains { $0.status != $1.status }
    }

    /// The run ended while steps of it ran (cancelled, or another step failed): their workers stop.
    public static func runningStepsStop(from old: Run, to new: Run) -> Bool {
        guard new.status == .cancelled || new.status == .failed, old.status == .processing else { return false }
        return old.steps.contains { $0.lease != nil && !$0.status.isFinished }
    }
}
