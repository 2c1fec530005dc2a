extension Run {
    /// A new queued job: probe → import → the kind's step → export, each `waiting`. The kind's
    /// step holds the options in canonical form from the start.
    public static func newJob(from request: CreateJobRequest, projectID: String, ids: IDSource, now: Int64) -> Run {
        let jobID = ids.make(.job)
        let steps: [(StepKind, JSONObject)] = [
            (.probe, JSONObject()), (.import, JSONObject()), (request.kind, request.canonicalOptions), (.export, JSONObject()),
        ]
        return Run(
            id: jobID, projectID: projectID,
            job: JobFields(kind: request.kind, options: request.options, metadata: request.metadata),
            input: request.input, destination: request.output, connectionID: request.connectionID, webhookURL: request.webhookURL,
            steps: steps.map { kind, options in
                Step(
                    id: ids.make(.task), projectID: projectID, runID: jobID, jobID: jobID, kind: kind, options: options,
                    createdBy: jobID, createdAt: now, updatedAt: now
                )
            },
            createdAt: now, updatedAt: now
        )
    }

    /// A standalone task (`POST /tasks`): a run of one step, with the task's own id.
    public static func newTask(from request: CreateTaskRequest, projectID: String, createdBy: String, ids: IDSource, now: Int64) -> Run {
        let taskID = ids.make(.task)
        let step = Step(
            id: taskID, projectID: projectID, runID: taskID, jobID: nil, kind: request.kind, options: request.canonicalOptions,
            input: request.input, createdBy: createdBy, metadata: request.metadata, createdAt: now, updatedAt: now
        )
        return Run(
            id: taskID, projectID: projectID, job: nil, input: request.inputURL, destination: request.destination,
            connectionID: request.connectionID, webhookURL: request.webhookURL, steps: [step], createdAt: now, updatedAt: now
        )
    }
}
