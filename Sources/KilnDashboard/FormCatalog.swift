import KilnCore

/// What the dashboard's forms and filters offer, from the node's step catalog (the registry the
/// API validates with): the job kinds with their options and allowed values, the task kinds,
/// and the statuses. Served as `GET /dashboard/kinds.json`.
public enum FormCatalog {
    public static func json(_ catalog: StepCatalog) -> JSONValue {
        let jobKinds = catalog.entries.filter(\.isJobKind).map { entry -> JSONValue in
            ["kind": .string(entry.kind.rawValue), "options": .array(entry.options.map(\.json))]
        }
        return [
            "job_kinds": .array(jobKinds),
            "task_kinds": .array(catalog.kinds.map { .string($0.rawValue) }),
            "job_statuses": .array(RunStatus.allCases.map { .string($0.rawValue) }),
            "task_statuses": .array(TaskStatus.allCases.map { .string($0.rawValue) }),
        ]
    }
}
