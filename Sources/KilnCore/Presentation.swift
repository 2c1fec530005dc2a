/// The API's JSON form of jobs and tasks: exactly the fields of the published pages, `null` where
/// a value is absent, timestamps in Unix milliseconds.
extension Job {
    public func json(includeTasks: Bool = true) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("id", .string(id)),
            ("object", "job"),
            ("kind", .string(kind.rawValue)),
            ("input", .string(input)),
            ("output", .optional(output)),
            ("options", .object(options)),
            ("metadata", .object(metadata)),
            ("status", .string(status.rawValue)),
            ("error", error?.json ?? .null),
        ]
        if includeTasks {
            fields.append(("tasks", .array(tasks.map { $0.json() })))
        }
        fields += [
            ("created_at", .int(createdAt)),
            ("started_at", .optional(startedAt)),
            ("finished_at", .optional(finishedAt)),
            ("updated_at", .int(updatedAt)),
        ]
        return .object(JSONObject(fields))
    }
}

extension MediaTask {
    public func json() -> JSONValue {
        let progressValue: JSONValue = progress.map { p in
            p.rounded() == p ? .int(Int64(p)) : .double((p * 10).rounded() / 10)
        } ?? .null
        return .object(JSONObject([
            ("id", .string(id)),
            ("object", "task"),
            ("kind", .string(kind.rawValue)),
            ("job_id", .optional(jobID)),
            ("input", input),
            ("options", .object(options)),
            ("output", output),
            ("status", .string(status.rawValue)),
            ("progress", progressValue),
            ("error", error?.json ?? .null),
            ("created_by", .optional(createdBy)),
            ("created_at", .int(createdAt)),
            ("started_at", .optional(startedAt)),
            ("finished_at", .optional(finishedAt)),
            ("updated_at", .int(updatedAt)),
        ]))
    }
}
