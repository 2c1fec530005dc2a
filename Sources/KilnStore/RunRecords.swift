import KilnCore

/// The columns of runs, jobs and tasks and how a run maps onto them: one place for both stores,
/// which only bind the values and read the cells in their own way.
enum RunRecords {
    /// A value to bind, whatever the store.
    enum Value {
        case text(String?)
        case integer(Int64?)
        case real(Double?)
    }

    /// Reads one row's cells by position.
    protocol Cells {
        func text(_ index: Int) throws -> String
        func optionalText(_ index: Int) throws -> String?
        func integer(_ index: Int) throws -> Int64
        func optionalInteger(_ index: Int) throws -> Int64?
        func optionalReal(_ index: Int) throws -> Double?
    }

    // MARK: Reading

    /// A run's row with its job's fields (NULL for a standalone task). Keep in step with `run(_:)`.
    static let runColumns = """
        r.id, r.project_id, r.input, r.destination, r.connection_id, r.status, r.output, r.error, r.claimable_at, r.outputs,
        r.created_at, r.started_at, r.finished_at, r.updated_at, j.kind, j.options, j.metadata, r.webhook_url, j.workflow
        """
    static let runsWithJobs = "runs r LEFT JOIN jobs j ON j.id = r.id"
    static let jobsWithRuns = "jobs j JOIN runs r ON r.id = j.id"

    static func run(_ c: some Cells) throws -> Run {
        var job: JobFields?
        if let kind = try c.optionalText(14) {
            job = JobFields(
                kind: StepKind(kind), options: StoredJSON.object(try c.optionalText(15)),
                metadata: StoredJSON.object(try c.optionalText(16)), workflow: try c.optionalText(18).map(StoredJSON.value)
            )
        }
        return Run(
            id: try c.text(0), projectID: try c.text(1), job: job, input: try c.text(2), destination: try c.optionalText(3),
            connectionID: try c.optionalText(4), webhookURL: try c.optionalText(17), status: RunStatus(rawValue: try c.text(5)) ?? .queued,
            output: try c.optionalText(6), error: StoredJSON.error(try c.optionalText(7)), claimableAt: try c.optionalInteger(8),
            outputs: StoredJSON.object(try c.optionalText(9)), steps: [], createdAt: try c.integer(10), startedAt: try c.optionalInteger(11),
            finishedAt: try c.optionalInteger(12), updatedAt: try c.integer(13)
        )
    }

    /// Keep in step with `step(_:)`.
    static let taskColumns = """
        id, project_id, run_id, job_id, kind, options, input, output, status, progress, error, created_by, metadata,
        created_at, started_at, finished_at, updated_at, ref, after_ids, destination, lease_owner, lease_expires_at, attempts
        """

    static func step(_ c: some Cells) throws -> Step {
        let metadata = try c.optionalText(12)
        let leaseOwner = try c.optionalText(20)
        let leaseExpiry = try c.optionalInteger(21)
        return Step(
            id: try c.text(0), projectID: try c.text(1), runID: try c.text(2), jobID: try c.optionalText(3),
            kind: StepKind(try c.text(4)), options: StoredJSON.object(try c.optionalText(5)), input: StoredJSON.value(try c.optionalText(6)),
            output: StoredJSON.value(try c.optionalText(7)), status: TaskStatus(rawValue: try c.text(8)) ?? .waiting,
            progress: try c.optionalReal(9).map { Int($0.rounded()) }, error: StoredJSON.error(try c.optionalText(10)),
            createdBy: try c.optionalText(11), metadata: metadata.map(StoredJSON.object), createdAt: try c.integer(13),
            startedAt: try c.optionalInteger(14), finishedAt: try c.optionalInteger(15), updatedAt: try c.integer(16),
            ref: try c.optionalText(17), after: try c.optionalText(18).map(StoredJSON.strings) ?? [Self.legacyMarker],
            destination: try c.optionalText(19), lease: leaseOwner.map { Lease(owner: $0, expiresAt: leaseExpiry ?? 0) },
            attempts: Int(try c.integer(22))
        )
    }

    /// What `after` reads as for a step written before steps had dependencies (`after_ids` NULL).
    static let legacyMarker = "\u{0}legacy"

    /// A run's steps as read: those written before steps had dependencies come after the step
    /// before them (every run then was a linear chain).
    static func linkingLegacySteps(_ steps: [Step]) -> [Step] {
        var linked = steps
        for index in linked.indices where linked[index].after == [legacyMarker] {
            linked[index].after = index == 0 ? [] : [linked[index - 1].id]
        }
        return linked
    }

    // MARK: Writing

    static let insertRunColumns = """
        id, project_id, input, destination, connection_id, status, output, error, claimable_at, outputs,
        created_at, started_at, finished_at, updated_at, webhook_url
        """

    static func runValues(_ run: Run) -> [Value] {
        [
            .text(run.id), .text(run.projectID), .text(run.input), .text(run.destination), .text(run.connectionID),
            .text(run.status.rawValue), .text(run.output), .text(run.error?.json.serialized()), .integer(run.claimableAt),
            .text(outputsText(run)), .integer(run.createdAt), .integer(run.startedAt), .integer(run.finishedAt), .integer(run.updatedAt),
            .text(run.webhookURL),
        ]
    }

    private static func outputsText(_ run: Run) -> String? {
        run.outputs.isEmpty ? nil : JSONValue.object(run.outputs).serialized()
    }

    static let insertJobColumns = "id, project_id, kind, options, metadata, created_at, workflow"

    static func jobValues(_ run: Run, _ job: JobFields) -> [Value] {
        [
            .text(run.id), .text(run.projectID), .text(job.kind.rawValue), .text(JSONValue.object(job.options).serialized()),
            .text(JSONValue.object(job.metadata).serialized()), .integer(run.createdAt), .text(job.workflow?.serialized()),
        ]
    }

    static let insertTaskColumns = taskColumns

    static func taskValues(_ step: Step) -> [Value] {
        [
            .text(step.id), .text(step.projectID), .text(step.runID), .text(step.jobID), .text(step.kind.rawValue),
            .text(JSONValue.object(step.options).serialized()), .text(step.input.serialized()), .text(step.output.serialized()),
            .text(step.status.rawValue), .real(step.progress.map(Double.init)), .text(step.error?.json.serialized()),
            .text(step.createdBy), .text(step.metadata.map { JSONValue.object($0).serialized() }), .integer(step.createdAt),
            .integer(step.startedAt), .integer(step.finishedAt), .integer(step.updatedAt), .text(step.ref),
            .text(JSONValue.array(step.after.map(JSONValue.string)).serialized()), .text(step.destination), .text(step.lease?.owner),
            .integer(step.lease?.expiresAt), .integer(Int64(step.attempts)),
        ]
    }

    /// Keep in step with `event(_:)` and `eventValues(_:)`.
    static let eventColumns = "id, project_id, kind, job_id, task_id, data, created_at, webhook_url"

    static func event(_ c: some Cells) throws -> Event {
        Event(
            id: try c.text(0), projectID: try c.text(1), kind: try c.text(2), jobID: try c.optionalText(3), taskID: try c.optionalText(4),
            data: StoredJSON.value(try c.optionalText(5)), createdAt: try c.integer(6), webhookURL: try c.optionalText(7)
        )
    }

    static let eventRouteColumns = "id, project_id, kind, webhook_url"

    static func eventRoute(_ c: some Cells) throws -> EventRoute {
        EventRoute(id: try c.text(0), projectID: try c.text(1), kind: try c.text(2), webhookURL: try c.optionalText(3))
    }

    static func eventValues(_ event: Event) -> [Value] {
        [
            .text(event.id), .text(event.projectID), .text(event.kind), .text(event.jobID), .text(event.taskID),
            .text(CreationEvents.storedData(of: event)), .integer(event.createdAt), .text(event.webhookURL),
        ]
    }

    static let endpointColumns = "id, project_id, url, topics, description, enabled, disabled_reason, failing_since, created_at, updated_at"

    static func endpoint(_ c: some Cells) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try c.text(0), projectID: try c.text(1), url: try c.text(2),
            topics: StoredJSON.value(try c.text(3)).arrayValue?.compactMap(\.stringValue) ?? [],
            description: try c.optionalText(4), enabled: try c.integer(5) != 0, disabledReason: try c.optionalText(6),
            failingSince: try c.optionalInteger(7), createdAt: try c.integer(8), updatedAt: try c.integer(9)
        )
    }

    static func topics(_ endpoint: WebhookEndpoint) -> String {
        JSONValue.array(endpoint.topics.map(JSONValue.string)).serialized()
    }

    static let deliveryColumns = "id, event_id, project_id, endpoint_id, url, status, attempts, next_attempt_at, created_at"

    static func delivery(_ c: some Cells) throws -> Delivery {
        Delivery(
            id: try c.text(0), eventID: try c.text(1), projectID: try c.text(2), endpointID: try c.optionalText(3), url: try c.text(4),
            status: Delivery.Status(rawValue: try c.text(5)) ?? .pending, attempts: Int(try c.integer(6)),
            nextAttemptAt: try c.integer(7), createdAt: try c.integer(8)
        )
    }

    static func deliveryValues(_ d: Delivery) -> [Value] {
        [
            .text(d.id), .text(d.eventID), .text(d.projectID), .text(d.endpointID), .text(d.url), .text(d.status.rawValue),
            .integer(Int64(d.attempts)), .integer(d.nextAttemptAt), .integer(d.createdAt),
        ]
    }

    static let attemptColumns = "delivery_id, event_id, endpoint_id, url, at, status_code, duration_ms, error"

    static func attempt(_ c: some Cells) throws -> DeliveryAttempt {
        DeliveryAttempt(
            at: try c.integer(4), endpointID: try c.optionalText(2), url: try c.text(3), statusCode: try c.optionalInteger(5).map { Int($0) },
            durationMillis: try c.integer(6), error: try c.optionalText(7)
        )
    }

    static func attemptValues(_ a: DeliveryAttempt, delivery: Delivery) -> [Value] {
        [
            .text(delivery.id), .text(delivery.eventID), .text(a.endpointID), .text(a.url), .integer(a.at),
            .integer(a.statusCode.map { Int64($0) }), .integer(a.durationMillis), .text(a.error),
        ]
    }

    /// What a transition may change of a run, then its id.
    static let updateRunAssignments = [
        "status", "output", "error", "claimable_at", "outputs", "started_at", "finished_at", "updated_at",
    ]

    static func updateRunValues(_ run: Run) -> [Value] {
        [
            .text(run.status.rawValue), .text(run.output), .text(run.error?.json.serialized()), .integer(run.claimableAt),
            .text(outputsText(run)), .integer(run.startedAt), .integer(run.finishedAt), .integer(run.updatedAt), .text(run.id),
        ]
    }

    /// What a transition may change of a step, then its id.
    static let updateTaskAssignments = [
        "input", "output", "status", "progress", "error", "started_at", "finished_at", "updated_at", "lease_owner", "lease_expires_at", "attempts",
        "after_ids",
    ]

    static func updateTaskValues(_ step: Step) -> [Value] {
        [
            .text(step.input.serialized()), .text(step.output.serialized()), .text(step.status.rawValue),
            .real(step.progress.map(Double.init)), .text(step.error?.json.serialized()), .integer(step.startedAt),
            .integer(step.finishedAt), .integer(step.updatedAt), .text(step.lease?.owner), .integer(step.lease?.expiresAt),
            .integer(Int64(step.attempts)), .text(JSONValue.array(step.after.map(JSONValue.string)).serialized()), .text(step.id),
        ]
    }

    /// The candidate runs of a claim, oldest first: those with a step claimable at the bound time.
    /// The one rule about claims in SQL; `Lifecycle.claimableAt` decides the column.
    /// A light claim (`LightWork`) only sees runs whose every step is of a light kind, among the
    /// `lightWindow` runs claimable longest (read in the order of the `runs_claimable` index, with
    /// no sort): its cost stays bounded behind a backlog of heavy runs
    /// (which the heavy workers take in order; light workers only help). `placeholder` may appear
    /// twice: a numbered one (`?1`, `$1`).
    static func claimCandidate(now placeholder: String, lightOnly: Bool = false) -> String {
        let light = lightOnly
            ? " AND id IN (SELECT id FROM runs WHERE claimable_at <= \(placeholder) ORDER BY claimable_at, created_at, id LIMIT \(lightWindow))"
                + " AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.run_id = runs.id AND t.kind NOT IN \(lightKinds))"
            : ""
        return "SELECT id FROM runs WHERE claimable_at <= \(placeholder)\(light) ORDER BY created_at, id LIMIT 1"
    }

    /// How many of the oldest claimable runs a light claim looks at.
    static let lightWindow = 32

    /// `LightWork.kinds` as SQL literals: names of the code's own kinds, `[a-z_]` only.
    static let lightKinds = "(" + LightWork.kinds.map(\.rawValue).sorted().map { "'\($0)'" }.joined(separator: ", ") + ")"

    /// The steps a transition changed (a transition may add steps after the existing ones, never remove any).
    static func changedSteps(from old: Run, to new: Run) -> [Step] {
        zip(old.steps, new.steps).compactMap { before, after in before == after ? nil : after }
    }

    /// The steps a transition added (the chunks of a chunked encode: `Lifecycle.planChunks`).
    static func addedSteps(from old: Run, to new: Run) -> ArraySlice<Step> {
        new.steps.dropFirst(old.steps.count)
    }

    /// `a = ?, b = ?` with the store's placeholders.
    static func assignments(_ columns: [String], placeholder: (Int) -> String) -> String {
        columns.enumerated().map { "\($1) = \(placeholder($0))" }.joined(separator: ", ")
    }

    /// `(?, ?, …)` for `count` values.
    static func placeholders(_ count: Int, from start: Int = 0, placeholder: (Int) -> String) -> String {
        "(" + (start..<(start + count)).map(placeholder).joined(separator: ", ") + ")"
    }
}
