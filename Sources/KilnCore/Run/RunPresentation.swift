/// The API's JSON form of jobs and tasks: exactly the fields of the published pages, `null` where
/// a value is absent, timestamps in Unix milliseconds.
extension Run {
    /// The job object; only for a job's run.
    public func json(includeTasks: Bool = true) -> JSONValue {
        let job = self.job ?? JobFields(kind: .video, options: JSONObject(), metadata: JSONObject())
        var fields: [JSONField] = [
            JSONField("id", .string(id)),
            JSONField("object", "job"),
            JSONField("kind", .string(job.kind.rawValue)),
            JSONField("input", .string(input)),
            JSONField("output", .optional(output)),
            JSONField("options", .object(job.options)),
            JSONField("metadata", .object(job.metadata)),
            JSONField("status", .string(status.rawValue)),
            JSONField("error", error?.json ?? .null),
        ]
        if let workflow = job.workflow {
            fields.append(JSONField("workflow", workflow))
            fields.append(JSONField("outputs", .object(outputs)))
        }
        if includeTasks {
            fields.append(JSONField("tasks", .array(steps.map { $0.json() })))
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

extension Step {
    /// The task object.
    public func json() -> JSONValue {
        var fields = [
            JSONField("id", .string(id)),
            JSONField("object", "task"),
            JSONField("kind", .string(kind.rawValue)),
            JSONField("job_id", .optional(jobID)),
        ]
        // A workflow step's ref (a Kiln extension); the steps of other jobs and tasks have none.
        if let ref { fields.append(JSONField("ref", .string(ref))) }
        return .object(JSONObject(fields + [
            JSONField("input", input),
            JSONField("options", .object(options)),
            JSONField("output", output),
            JSONField("status", .string(status.rawValue)),
            JSONField("progress", .optional(progress)),
            JSONField("error", error?.json ?? .null),
            JSONField("metadata", metadata.map(JSONValue.object) ?? .null),
            JSONField("created_by", .optional(createdBy)),
            JSONField("created_at", .int(createdAt)),
            JSONField("started_at", .optional(startedAt)),
            JSONField("finished_at", .optional(finishedAt)),
            JSONField("updated_at", .int(updatedAt)),
        ]))
    }
}
