/// The API's JSON form of jobs and tasks: exactly the fields of the published pages, `null` where
/// a value is absent, timestamps in Unix milliseconds.
extension Job {
    public func json(includeTasks: Bool = true) -> JSONValue {
        var fields: [JSONField] = [
            JSONField("id", .string(id)),
            JSONField("object", "job"),
            JSONField("kind", .string(kind.rawValue)),
            JSONField("input", .string(input)),
            JSONField("output", .optional(output)),
            JSONField("options", .object(options)),
            JSONField("metadata", .object(metadata)),
            JSONField("status", .string(status.rawValue)),
            JSONField("error", error?.json ?? .null),
        ]
        if includeTasks {
            fields.append(JSONField("tasks", .array(tasks.map { $0.json() })))
        }
        fields += [
            JSONField("created_at", .int(createdAt)),
            JSONField("started_at", .optional(startedAt)),
            JSONField("finished_at", .optional(finishedAt)),
            JSONField("updated_at", .int(updatedAt)),
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
            JSONField("id", .string(id)),
            JSONField("object", "task"),
            JSONField("kind", .string(kind.rawValue)),
            JSONField("job_id", standalone ? .null : .optional(jobID)),
            JSONField("input", input),
            JSONField("options", .object(options)),
            JSONField("output", output),
            JSONField("status", .string(status.rawValue)),
            JSONField("progress", progressValue),
            JSONField("error", error?.json ?? .null),
            JSONField("created_by", .optional(createdBy)),
            JSONField("created_at", .int(createdAt)),
            JSONField("started_at", .optional(startedAt)),
            JSONField("finished_at", .optional(finishedAt)),
            JSONField("updated_at", .int(updatedAt)),
        ]))
    }
}
