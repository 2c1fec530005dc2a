extension Run {
    /// The run as `newJob` or `newTask` made it, derived from the fields no transition changes:
    /// what a creation event's data is, so the stores need not copy the run into the event.
    public func asCreated() -> Run {
        Run(
            id: id, projectID: projectID, job: job, input: input, destination: destination, connectionID: connectionID,
            webhookURL: webhookURL, steps: steps.map { $0.asCreated(keepingInput: !isJob) }, createdAt: createdAt, updatedAt: createdAt
        )
    }
}

extension Step {
    /// The step as its run's creation made it: `waiting`, and only a standalone task has an input.
    func asCreated(keepingInput: Bool) -> Step {
        Step(
            id: id, projectID: projectID, runID: runID, jobID: jobID, kind: kind, options: options, input: keepingInput ? input : .null,
            createdBy: createdBy, metadata: metadata, createdAt: createdAt, updatedAt: createdAt
        )
    }
}
