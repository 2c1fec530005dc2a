/// Something a client may care about that happened to a job or a task: what webhooks deliver,
/// `GET /events` lists and the event streams send. Written in the same transaction as the change.
public struct Event: Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var kind: String
    public var jobID: String?
    public var taskID: String?
    /// The job or task object as it was after the change.
    public var data: JSONValue
    public var createdAt: Int64
    /// The run's `webhook_url`, on the event that ends the run: where it is POSTed besides the endpoints.
    public var webhookURL: String?

    public init(
        id: String, projectID: String, kind: String, jobID: String?, taskID: String?, data: JSONValue, createdAt: Int64,
        webhookURL: String? = nil
    ) {
        self.webhookURL = webhookURL
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.jobID = jobID
        self.taskID = taskID
        self.data = data
        self.createdAt = createdAt
    }

    /// The event object, as delivered and listed.
    public func json() -> JSONValue {
        .object(JSONObject([
            JSONField("id", .string(id)),
            JSONField("object", "event"),
            JSONField("kind", .string(kind)),
            JSONField("data", data),
            JSONField("created_at", .int(createdAt)),
        ]))
    }

    /// Whether the event ends its job or standalone task: what a `webhook_url` receives.
    public var isTerminal: Bool {
        kind.hasSuffix(".succeeded") || kind.hasSuffix(".failed") || kind.hasSuffix(".cancelled")
    }

    /// `job.created` and `task.created`: their data is the run as created, which can always be
    /// derived again from the run (`RunEvents.createdData`).
    public var isCreation: Bool { kind == "job.created" || kind == "task.created" }

    /// The run the event is about: its job, or the standalone task whose run has the task's id.
    public var runID: String? { jobID ?? taskID }

    public var route: EventRoute { EventRoute(id: id, projectID: projectID, kind: kind, webhookURL: webhookURL) }
}

/// What deciding an event's deliveries reads: never its data, so dispatching does not parse it.
public struct EventRoute: Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var kind: String
    public var webhookURL: String?

    public init(id: String, projectID: String, kind: String, webhookURL: String?) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.webhookURL = webhookURL
    }
}

/// The kinds of events and how an endpoint's topics select them.
public enum EventTopics {
    public static let kinds = [
        "job.created", "job.updated", "job.succeeded", "job.failed", "job.cancelled",
        "task.created", "task.updated", "task.succeeded", "task.failed", "task.cancelled",
    ]

    /// A topic is an event kind, `job.*`, `task.*` or `*`.
    public static func isValid(_ topic: String) -> Bool {
        topic == "*" || topic == "job.*" || topic == "task.*" || kinds.contains(topic)
    }

    public static func matches(_ topics: [String], kind: String) -> Bool {
        topics.contains { topic in
            topic == "*" || topic == kind || (topic.hasSuffix(".*") && kind.hasPrefix(topic.dropLast()))
        }
    }
}

/// The events of a run's creation and of each transition: a pure function of the run before and
/// after, so every store writes the same events with the change.
public enum RunEvents {
    public static func created(_ run: Run, ids: IDSource, now: Int64) -> [Event] {
        if run.isJob {
            return [event("job.created", run, step: nil, ids: ids, now: now)]
        }
        return run.steps.map { event("task.created", run, step: $0, ids: ids, now: now) }
    }

    /// The data of a creation event (`isCreation`) of `run`: the run, or its task, as created.
    /// Stores keep such events without their data and fill it in with this when they read them.
    public static func createdData(of run: Run, taskID: String?) -> JSONValue {
        let created = run.asCreated()
        if let taskID, let step = created.steps.first(where: { $0.id == taskID }) { return step.json() }
        return created.json()
    }

    public static func changes(from old: Run, to new: Run, ids: IDSource, now: Int64) -> [Event] {
        // A step's events come before its job's: the job ends after its last task.
        var events: [Event] = []
        for (before, after) in zip(old.steps, new.steps) where before != after {
            if before.status != after.status || before.progress != after.progress {
                events.append(event("task.updated", new, step: after, ids: ids, now: now))
            }
            if before.status != after.status, let ending = terminal(after.status) {
                events.append(event("task.\(ending)", new, step: after, ids: ids, now: now))
            }
        }
        if new.isJob {
            let progressed = zip(old.steps, new.steps).contains { $0.progress != $1.progress || $0.status != $1.status }
            if old.status != new.status || progressed {
                events.append(event("job.updated", new, step: nil, ids: ids, now: now))
            }
            if old.status != new.status, let ending = terminal(new.status) {
                events.append(event("job.\(ending)", new, step: nil, ids: ids, now: now))
            }
        }
        return events
    }

    private static func terminal(_ status: RunStatus) -> String? {
        status.isFinished ? status.rawValue : nil
    }

    private static func terminal(_ status: TaskStatus) -> String? {
        status.isFinished ? status.rawValue : nil
    }

    private static func event(_ kind: String, _ run: Run, step: Step?, ids: IDSource, now: Int64) -> Event {
        var event = Event(
            id: ids.make(.event), projectID: run.projectID, kind: kind, jobID: run.isJob ? run.id : nil, taskID: step?.id,
            data: step?.json() ?? run.json(), createdAt: now
        )
        // The event that ends the run itself (not one of a job's tasks) also goes to its webhook_url.
        let endsRun = event.isTerminal && (run.isJob ? step == nil : step?.id == run.id)
        if endsRun { event.webhookURL = run.webhookURL }
        return event
    }
}

/// The filters of `GET /events`.
public struct EventFilter: Sendable, Equatable {
    public var kind: String?
    public var jobID: String?
    public var taskID: String?

    public init(kind: String? = nil, jobID: String? = nil, taskID: String? = nil) {
        self.kind = kind
        self.jobID = jobID
        self.taskID = taskID
    }

    public static let parameterNames = ["kind", "job_id", "task_id"]

    public static func parse(_ params: [String: String]) throws(APIError) -> EventFilter {
        var filter = EventFilter(jobID: params["job_id"], taskID: params["task_id"])
        if let kind = params["kind"] {
            guard EventTopics.kinds.contains(kind) else {
                throw .invalidRequest("kind must be one of \(EventTopics.kinds.joined(separator: ", ")), got '\(kind)'")
            }
            filter.kind = kind
        }
        return filter
    }
}
