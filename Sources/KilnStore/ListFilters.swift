import KilnCore

/// The columns a list's filters compare, one place for both stores: each binds the values its own
/// way (`?` or `$n`). Every list is of one project, so `project_id` comes first; the values are
/// bound in this order, then the cursor's.
enum ListFilters {
    /// `column = value`.
    typealias Equality = (column: String, value: String)

    /// `GET /jobs`: over `RunRecords.jobsWithRuns`.
    static func jobs(projectID: String, _ filter: JobFilter) -> [Equality] {
        var equal: [Equality] = [("j.project_id", projectID)]
        if let kind = filter.kind { equal.append(("j.kind", kind.rawValue)) }
        if let status = filter.status { equal.append(("r.status", status.rawValue)) }
        if let input = filter.input { equal.append(("r.input", input)) }
        return equal
    }

    /// `GET /tasks`: over `tasks`.
    static func tasks(projectID: String, _ filter: TaskFilter) -> [Equality] {
        var equal: [Equality] = [("project_id", projectID)]
        if let status = filter.status { equal.append(("status", status.rawValue)) }
        if let kind = filter.kind { equal.append(("kind", kind.rawValue)) }
        if let jobID = filter.jobID { equal.append(("job_id", jobID)) }
        if let createdBy = filter.createdBy { equal.append(("created_by", createdBy)) }
        return equal
    }

    /// `GET /events`: over `events`.
    static func events(projectID: String, _ filter: EventFilter) -> [Equality] {
        var equal: [Equality] = [("project_id", projectID)]
        if let kind = filter.kind { equal.append(("kind", kind)) }
        if let jobID = filter.jobID { equal.append(("job_id", jobID)) }
        if let taskID = filter.taskID { equal.append(("task_id", taskID)) }
        return equal
    }
}
