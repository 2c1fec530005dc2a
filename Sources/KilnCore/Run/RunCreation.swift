extension Run {
    /// A new queued job: probe → import → the kind's step → export, each `waiting`. The kind's
    /// step holds the options in canonical form from the start.
    public static func newJob(from request: CreateJobRequest, projectID: String, ids: IDSource, now: Int64) -> Run {
        if let workflow = request.workflow { return newWorkflowJob(from: request, steps: workflow, projectID: projectID, ids: ids, now: now) }
        let jobID = ids.make(.job)
        var previous: String?
        let steps: [(StepKind, JSONObject)] = [
            (.probe, JSONObject()), (.import, JSONObject()), (request.kind, request.canonicalOptions), (.export, JSONObject()),
        ]
        return Run(
            id: jobID, projectID: projectID,
            job: JobFields(kind: request.kind, options: request.options, metadata: request.metadata),
            input: request.input, destination: request.output, connectionID: request.connectionID, webhookURL: request.webhookURL,
            steps: steps.map { kind, options in
                let step = Step(
                    id: ids.make(.task), projectID: projectID, runID: jobID, jobID: jobID, kind: kind, options: options,
                    createdBy: jobID, createdAt: now, updatedAt: now, after: previous.map { [$0] } ?? []
                )
                previous = step.id
                return step
            },
            createdAt: now, updatedAt: now
        )
    }

    /// A workflow job: probe → import, then every step of the workflow after the import (a
    /// gate's `next` steps after the gate), so the steps run at once where there are workers.
    static func newWorkflowJob(from request: CreateJobRequest, steps workflow: [WorkflowStep], projectID: String, ids: IDSource, now: Int64) -> Run {
        let jobID = ids.make(.job)
        func step(_ kind: StepKind, _ options: JSONObject, after: [String], ref: String? = nil, destination: String? = nil) -> Step {
            Step(
                id: ids.make(.task), projectID: projectID, runID: jobID, jobID: jobID, kind: kind, options: options, createdBy: jobID,
                createdAt: now, updatedAt: now, ref: ref, after: after, destination: destination
            )
        }
        let probe = step(.probe, JSONObject(), after: [])
        let importing = step(.import, JSONObject(), after: [probe.id])
        var steps = [probe, importing]
        for (item, gate) in Workflow.flatten(workflow) {
            let after = gate.map { steps[2 + $0].id } ?? importing.id
            steps.append(step(item.kind, item.options, after: [after], ref: item.ref, destination: item.output))
        }
        return Run(
            id: jobID, projectID: projectID,
            job: JobFields(kind: .workflow, options: JSONObject(), metadata: request.metadata, workflow: request.workflowJSON),
            input: request.input, destination: nil, connectionID: request.connectionID, webhookURL: request.webhookURL,
            steps: steps, createdAt: now, updatedAt: now
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
