extension Run {
    /// The run as `newJob` or `newTask` made it, as far as the API shows it, derived from the
    /// fields no transition changes: what a creation event's data is, so the stores need not copy
    /// the run into the event. Steps a run gains later (a chunked encode's chunks) were created
    /// after it and are left out; scheduling fields the API does not show (leases, attempts, what
    /// a step waits for) are not restored.
    public func asCreated() -> Run {
        Run(
            id: id, projectID: projectID, job: job, input: input, destination: destination, connectionID: connectionID,
            webhookURL: webhookURL,
            steps: steps.filter { $0.createdAt == createdAt }.map { $0.asCreated(keepingInput: !isJob) },
            createdAt: createdAt, updatedAt: createdAt
        )
    }
}

extension Step {
    /// The step as its run's creation made it: `waiting`, and only a standalone task has an input.
    func asCreated(keepingInput: Bool) -> Step {
        Step(
            id: id, projectID: projectID, runID: runID, jobID: jobID, kind: kind, options: options, input: keepingInput ? input : .null,
            createdBy: createdBy, metadata: metadata, createdAt: createdAt, updatedAt: createdAt, ref: ref, after: after,
            destination: destination
        )
    }
}
