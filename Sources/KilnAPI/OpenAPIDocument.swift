import Foundation
import KilnCore

/// The OpenAPI 3.1 document served at `GET /openapi.json`. The contract tests validate every
/// response they receive against it, so it stays true to the code.
enum OpenAPIDocument {
    /// The document for a node that runs `catalog`'s kinds: `POST /tasks` takes one request
    /// shape per kind, keyed by `kind` (`createTaskSchema`).
    static func text(catalog: StepCatalog) -> String {
        let quoted = { (kinds: [String]) in kinds.map { "\"\($0)\"" }.joined(separator: ", ") }
        let kinds = catalog.kinds.map(\.rawValue)
        let schema = { (kind: String) in "#/components/schemas/CreateTask_\(kind)" }
        let jobKinds = catalog.entries.filter(\.isJobKind)
        let workflowStep = { (kind: StepKind) in "#/components/schemas/WorkflowStep_\(kind.rawValue)" }
        return template
            // A job's tasks may also be the chunks of a chunked encode, which no client creates.
            .replacingOccurrences(of: "__TASK_KINDS__", with: quoted(kinds + [StepKind.videoChunk.rawValue]))
            .replacingOccurrences(of: "__ENDPOINT_PATTERN__", with: ConnectionChanges.endpointPattern)
            .replacingOccurrences(of: "__WEBHOOK_URL_PATTERN__", with: WebhookURL.pattern.replacingOccurrences(of: "\\", with: "\\\\"))
            .replacingOccurrences(of: "__LISTED_TASK_KINDS__", with: quoted(StepKind.listed.map(\.rawValue) + StepKind.aliases.keys.sorted()))
            .replacingOccurrences(of: "__TASK_REQUEST_REFS__", with: kinds.map { "{\"$ref\": \"\(schema($0))\"}" }.joined(separator: ", "))
            .replacingOccurrences(of: "__TASK_REQUEST_MAPPING__", with: kinds.map { "\"\($0)\": \"\(schema($0))\"" }.joined(separator: ", "))
            .replacingOccurrences(of: "__TASK_REQUEST_SCHEMAS__", with: catalog.entries.map(createTaskSchema).joined(separator: ",\n") + ",")
            .replacingOccurrences(of: "__JOB_REQUEST_REFS__", with: jobKinds.map { "{\"$ref\": \"#/components/schemas/CreateJob_\($0.kind.rawValue)\"}" }.joined(separator: ", "))
            .replacingOccurrences(of: "__JOB_REQUEST_SCHEMAS__", with: jobKinds.map(createJobSchema).joined(separator: ",\n") + ",")
            .replacingOccurrences(of: "__WORKFLOW_STEP_REFS__", with: jobKinds.map { "{\"$ref\": \"\(workflowStep($0.kind))\"}" }.joined(separator: ", "))
            .replacingOccurrences(of: "__WORKFLOW_STEP_MAPPING__", with: jobKinds.map { "\"\($0.kind.rawValue)\": \"\(workflowStep($0.kind))\"" }.joined(separator: ", "))
            .replacingOccurrences(of: "__WORKFLOW_STEP_SCHEMAS__", with: jobKinds.map(workflowStepSchema).joined(separator: ",\n") + ",")
    }

    /// The schema of each kind's options in the template; a kind without one takes any object.
    static let optionsSchemas: [StepKind: String] = [
        .probe: "NoOptions", .import: "NoOptions", .video: "VideoOptions", .audio: "AudioOptions", .image: "ImageOptions",
        .animation: "AnimationOptions", .adaptiveVideo: "AdaptiveVideoOptions", .export: "ExportOptions", .conditions: "ConditionsOptions",
        .speech: "SpeechOptions", .subtitles: "SubtitlesOptions", .chapters: "ChaptersOptions", .summary: "SummaryOptions",
        .outline: "OutlineOptions", .nsfw: "NSFWOptions",
    ]

    /// `POST /tasks`'s request for one kind: its input as the kind reads it (a URL to fetch, or a
    /// file object), and its options.
    static func createTaskSchema(_ entry: StepCatalog.Entry) -> String {
        let input = entry.inputRole == .url ? "URLInput" : "FileInput"
        return requestSchema("CreateTask", entry, first: [("input", ##"{"$ref": "#/components/schemas/\##(input)"}"##)], then: [
            ("metadata", nullable("Metadata")), ("webhook_url", nullable("WebhookURL")),
        ])
    }

    /// `POST /jobs`'s request for one job kind: probe → import → the kind → export.
    static func createJobSchema(_ entry: StepCatalog.Entry) -> String {
        requestSchema("CreateJob", entry, first: [("input", ##"{"$ref": "#/components/schemas/InputURL"}"##)], then: [
            ("output", nullable("OutputURL")), ("metadata", nullable("Metadata")), ("connection_id", nullable("ConnectionID")),
            ("webhook_url", nullable("WebhookURL")),
        ], description: jobDescriptions[entry.kind])
    }

    /// A workflow step of one job kind.
    static func workflowStepSchema(_ entry: StepCatalog.Entry) -> String {
        requestSchema("WorkflowStep", entry, first: [], then: [
            ("ref", nullable("WorkflowRef")),
            ("output", ##"{"anyOf": [{"$ref": "#/components/schemas/StepOutputURL"}, {"type": "null"}], "description": "Where this step's result goes; {ref} is filled in too. Left out, it is published like a job's output, under the job's id and the step's ref."}"##),
        ])
    }

    /// What the jobs of a kind the Ittybit API does not have are, in its `CreateJob_` schema.
    static let jobDescriptions: [StepKind: String] = Dictionary(uniqueKeysWithValues: [StepKind.speech, .subtitles, .chapters, .summary, .outline, .nsfw].map { kind in
        (kind, "A Kiln extension of the jobs API: probe → import → \(kind.rawValue) → export" + (kind == .nsfw ? "; the output is the report's JSON file." : "."))
    })

    /// One kind's request object `<prefix>_<kind>`: `first` properties, the kind, its options
    /// (required when the kind's validation refuses none, as `animation` and `conditions` do),
    /// then `then`; nothing else.
    private static func requestSchema(
        _ prefix: String, _ entry: StepCatalog.Entry, first: [(String, String)], then: [(String, String)], description: String? = nil
    ) -> String {
        let kind = entry.kind.rawValue
        let options = optionsSchemas[entry.kind].map { ##"{"$ref": "#/components/schemas/\##($0)"}"## } ?? #"{"type": "object"}"#
        let optionsRequired = (try? entry.validate(JSONObject())) == nil
        let required: [String] = first.map(\.0) + ["kind"] + (optionsRequired ? ["options"] : [])
        let kindProperty: (String, String) = ("kind", #"{"const": "\#(kind)"}"#)
        let optionsProperty: (String, String) = ("options", optionsRequired ? options : #"{"anyOf": [\#(options), {"type": "null"}]}"#)
        let properties: [(String, String)] = first + [kindProperty, optionsProperty] + then
        let requiredList: String = required.map { "\"\($0)\"" }.joined(separator: ", ")
        let propertyLines: String = properties.map { "          \"\($0.0)\": \($0.1)" }.joined(separator: ",\n")
        var fields: [String] = [#""type": "object""#, #""required": [\#(requiredList)]"#, #""additionalProperties": false"#]
        if let description { fields.append(#""description": "\#(description)""#) }
        fields.append(#""properties": {"# + "\n" + propertyLines + "\n        }")
        return "      \"\(prefix)_\(kind)\": {\n" + fields.map { "        " + $0 }.joined(separator: ",\n") + "\n      }"
    }

    private static func nullable(_ schema: String) -> String {
        ##"{"anyOf": [{"$ref": "#/components/schemas/\##(schema)"}, {"type": "null"}]}"##
    }

    private static let template = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Kiln",
    "version": "0.1.0",
    "description": "Self-hosted media processing, compatible with the Ittybit jobs API. Every error is {kind, message}. Every response carries X-Request-Id: the client's own when it sends a plain one (1–128 letters, digits or -_.:/+=@~), otherwise a new req_… id; the server's log lines about the request carry it as request_id. Every error is {kind, message}; any route answers 405 method_not_allowed (with Allow) to a method it does not take, 408 request_timeout to a request that does not arrive in time and 400 invalid_request to malformed HTTP. Timestamps are Unix milliseconds. Lists are bare arrays with Has-More and Link headers. A failed job's error.kind is one of input_unreachable, input_forbidden, input_too_large, input_not_media, unsupported_media, encode_failed, engine_failed, export_failed, connection_required, worker_lost, internal_error."
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "security": [{"bearer": []}],
  "paths": {
    "/jobs": {
      "post": {
        "operationId": "createJob",
        "summary": "Create a job: probe → import → encode → export.",
        "parameters": [
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": "The same key and body within 24 h returns the original response with 200; the same key with another body is 409 idempotency_key_reused. At most 255 bytes."
          }
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateJobRequest"}}}},
        "responses": {
          "201": {
            "description": "The queued job with its waiting tasks: probe, import, the kind's task and export; or, for a workflow, probe, import and every step in order.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}
          },
          "200": {
            "description": "A replay of an earlier request with the same Idempotency-Key and body.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/PayloadTooLarge"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "get": {
        "operationId": "listJobs",
        "summary": "List jobs, newest first by default, without their tasks.",
        "parameters": [
          {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/JobKind"}},
          {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/JobStatus"}},
          {"name": "input", "in": "query", "schema": {"type": "string"}, "description": "Exact input URL."},
          {"$ref": "#/components/parameters/limit"},
          {
            "name": "after",
            "in": "query",
            "schema": {"$ref": "#/components/schemas/JobID"},
            "description": "Items after this job in the list's order."
          },
          {
            "name": "before",
            "in": "query",
            "schema": {"$ref": "#/components/schemas/JobID"},
            "description": "Items just before this job in the list's order."
          },
          {"$ref": "#/components/parameters/order"}
        ],
        "responses": {
          "200": {
            "description": "A page of jobs.",
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/JobSummary"}}}},
            "headers": {"Has-More": {"$ref": "#/components/headers/Has-More"}, "Link": {"$ref": "#/components/headers/Link"}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/jobs/{id}": {
      "get": {
        "operationId": "getJob",
        "summary": "A job with all its tasks.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/JobID"}}],
        "responses": {
          "200": {"description": "The job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/jobs/{id}/cancel": {
      "post": {
        "operationId": "cancelJob",
        "summary": "Cancel a queued or processing job: a running ffmpeg stops within a second, partial outputs are removed, the job and its unfinished tasks become cancelled. Cancelling a cancelled job answers 200 with it.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/JobID"}}],
        "responses": {
          "200": {"description": "The cancelled job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/NotCancellable"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/tasks": {
      "post": {
        "operationId": "createTask",
        "summary": "Create a standalone task, run by the same workers. Its output can be the input of a following task.",
        "parameters": [
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": "The same key and body within 24 h returns the original response with 200; the same key with another body is 409 idempotency_key_reused. At most 255 bytes."
          }
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateTaskRequest"}}}},
        "responses": {
          "201": {"description": "The waiting task.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
          "200": {
            "description": "A replay of an earlier request with the same Idempotency-Key and body.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/PayloadTooLarge"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "get": {
        "operationId": "listTasks",
        "summary": "List tasks of jobs and standalone tasks, newest first by default.",
        "parameters": [
          {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/TaskStatus"}},
          {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/ListedTaskKind"}},
          {
            "name": "job_id",
            "in": "query",
            "schema": {"type": "string"},
            "description": "Tasks of this job. run_id is another name for it (give one of the two: both with different values is 400)."
          },
          {
            "name": "created_by",
            "in": "query",
            "schema": {"type": "string"},
            "description": "A job id, or the API key id that created a standalone task."
          },
          {"$ref": "#/components/parameters/limit"},
          {
            "name": "after",
            "in": "query",
            "schema": {"$ref": "#/components/schemas/TaskID"},
            "description": "Items after this task in the list's order."
          },
          {
            "name": "before",
            "in": "query",
            "schema": {"$ref": "#/components/schemas/TaskID"},
            "description": "Items just before this task in the list's order."
          },
          {"$ref": "#/components/parameters/order"}
        ],
        "responses": {
          "200": {
            "description": "A page of tasks.",
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}}},
            "headers": {"Has-More": {"$ref": "#/components/headers/Has-More"}, "Link": {"$ref": "#/components/headers/Link"}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/tasks/{id}": {
      "get": {
        "operationId": "getTask",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/TaskID"}}],
        "responses": {
          "200": {"description": "The task.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/tasks/{id}/cancel": {
      "post": {
        "operationId": "cancelTask",
        "summary": "Cancel a standalone task, or the job a task belongs to.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/TaskID"}}],
        "responses": {
          "200": {"description": "The cancelled task.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/NotCancellable"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/connections": {
      "post": {
        "operationId": "createConnection",
        "summary": "Save S3-compatible storage credentials. A project's first connection is its default unless is_default is false. The secret is encrypted at rest and never returned.",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateConnectionRequest"}}}
        },
        "responses": {
          "201": {
            "description": "The connection.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "get": {
        "operationId": "listConnections",
        "responses": {
          "200": {
            "description": "The project's connections.",
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Connection"}}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/connections/{id}": {
      "get": {
        "operationId": "getConnection",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/ConnectionID"}}],
        "responses": {
          "200": {
            "description": "The connection.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "patch": {
        "operationId": "updateConnection",
        "summary": "Change the fields given, the secret included; is_default: true takes the default over. A field cannot be unset: null is 400.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/ConnectionID"}}],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateConnectionRequest"}}}
        },
        "responses": {
          "200": {
            "description": "The connection.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "delete": {
        "operationId": "deleteConnection",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/ConnectionID"}}],
        "responses": {
          "200": {
            "description": "Deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": ["id", "object", "deleted"],
                  "additionalProperties": false,
                  "properties": {"id": {"type": "string"}, "object": {"const": "connection"}, "deleted": {"const": true}}
                }
              }
            }
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/events": {
      "get": {
        "operationId": "listEvents",
        "summary": "What happened to the project's jobs and tasks, newest first: each event was written in the same transaction as the change that caused it.",
        "parameters": [
          {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/EventKind"}},
          {"name": "job_id", "in": "query", "schema": {"type": "string"}},
          {"name": "task_id", "in": "query", "schema": {"type": "string"}},
          {"$ref": "#/components/parameters/limit"},
          {"name": "after", "in": "query", "schema": {"$ref": "#/components/schemas/EventID"}, "description": "Items after this event in the list's order."},
          {"name": "before", "in": "query", "schema": {"$ref": "#/components/schemas/EventID"}, "description": "Items just before this event in the list's order."},
          {"$ref": "#/components/parameters/order"}
        ],
        "responses": {
          "200": {
            "description": "A page of events.",
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}},
            "headers": {"Has-More": {"$ref": "#/components/headers/Has-More"}, "Link": {"$ref": "#/components/headers/Link"}}
          },
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/events/{id}": {
      "get": {
        "operationId": "getEvent",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/EventID"}}],
        "responses": {
          "200": {"description": "The event with every attempt to deliver it.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventWithAttempts"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/events/{id}/redeliver": {
      "post": {
        "operationId": "redeliverEvent",
        "summary": "Deliver the event again, to the endpoints that take it now and its webhook_url; the event id (webhook-id) stays the same.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/EventID"}}],
        "responses": {
          "202": {"description": "Queued for delivery.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventWithAttempts"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/webhooks/endpoints": {
      "post": {
        "operationId": "createWebhookEndpoint",
        "summary": "Subscribe a URL to the project's events. The answer carries the signing secret (whsec_…), shown this once.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateWebhookEndpointRequest"}}}},
        "responses": {
          "201": {"description": "The endpoint with its secret.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEndpoint"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "413": {"$ref": "#/components/responses/PayloadTooLarge"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "get": {
        "operationId": "listWebhookEndpoints",
        "responses": {
          "200": {"description": "The project's endpoints.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/WebhookEndpoint"}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/webhooks/endpoints/{id}": {
      "get": {
        "operationId": "getWebhookEndpoint",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/EndpointID"}}],
        "responses": {
          "200": {"description": "The endpoint.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEndpoint"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "patch": {
        "operationId": "updateWebhookEndpoint",
        "summary": "Change url, topics, description or enabled; enabled: true turns an endpoint Kiln turned off back on.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/EndpointID"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateWebhookEndpointRequest"}}}},
        "responses": {
          "200": {"description": "The endpoint.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEndpoint"}}}},
          "413": {"$ref": "#/components/responses/PayloadTooLarge"},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "delete": {
        "operationId": "deleteWebhookEndpoint",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/EndpointID"}}],
        "responses": {
          "200": {"description": "Deleted.", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "object", "deleted"],
            "properties": {"id": {"type": "string"}, "object": {"const": "webhook_endpoint"}, "deleted": {"const": true}}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/webhooks/endpoints/{id}/rotate-secret": {
      "post": {
        "operationId": "rotateWebhookSecret",
        "summary": "A new signing secret, returned this once; the old one keeps signing beside it for 24 hours.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/EndpointID"}}],
        "responses": {
          "200": {"description": "The endpoint with its new secret.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEndpoint"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/jobs/{id}/events": {
      "get": {
        "operationId": "streamJobEvents",
        "summary": "The job's events as Server-Sent Events (id: the event id, event: its kind, data: the event object), as they happen; ends after job.succeeded, job.failed or job.cancelled. Send Last-Event-ID to resume after an event.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/JobID"}}, {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}, "description": "Resume after this event; a value that is no event id of the stream starts it over."}],
        "responses": {
          "200": {"description": "The event stream.", "content": {"text/event-stream": {"schema": {"type": "object", "required": ["id", "event", "data"], "properties": {"id": {"type": "string", "pattern": "^evt_"}, "event": {"$ref": "#/components/schemas/EventKind"}, "data": {"type": "string", "description": "The event object, as JSON."}}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/tasks/{id}/events": {
      "get": {
        "operationId": "streamTaskEvents",
        "summary": "The task's events as Server-Sent Events; ends after the task succeeded, failed or was cancelled. Last-Event-ID resumes.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/TaskID"}}, {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}, "description": "Resume after this event; a value that is no event id of the stream starts it over."}],
        "responses": {
          "200": {"description": "The event stream.", "content": {"text/event-stream": {"schema": {"type": "object", "required": ["id", "event", "data"], "properties": {"id": {"type": "string", "pattern": "^evt_"}, "event": {"$ref": "#/components/schemas/EventKind"}, "data": {"type": "string", "description": "The event object, as JSON."}}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/files/{path}": {
      "get": {
        "operationId": "getFile",
        "summary": "A published output (the job's output URL points here), with the media type of its file name. One byte range (RFC 9110) is answered 206; several ranges, or a Range header that is not one, get the whole file. No key needed.",
        "security": [],
        "parameters": [
          {
            "name": "path",
            "in": "path",
            "required": true,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.~-]+$"},
            "description": "job id / file name, or job id / stream / file for HLS."
          },
          {"name": "Range", "in": "header", "required": false, "schema": {"type": "string"}, "example": "bytes=0-1023"}
        ],
        "responses": {
          "200": {
            "description": "The file, with its media type.",
            "headers": {"Accept-Ranges": {"schema": {"const": "bytes"}}},
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}
          },
          "206": {
            "description": "The requested byte range.",
            "headers": {"Content-Range": {"schema": {"type": "string", "pattern": "^bytes [0-9]+-[0-9]+/[0-9]+$"}}},
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}
          },
          "400": {
            "description": "invalid_request: the path has a control character or a malformed percent-encoding.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "404": {"$ref": "#/components/responses/NotFound"},
          "416": {
            "description": "range_not_satisfiable: no requested range starts inside the file; Content-Range is bytes */<size>.",
            "headers": {"Content-Range": {"schema": {"type": "string", "pattern": "^bytes \\*/[0-9]+$"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness.",
        "security": [],
        "responses": {
          "200": {
            "description": "The server is up.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": ["status"],
                  "properties": {"status": {"const": "ok"}},
                  "additionalProperties": false
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document.",
        "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "The node's metrics in Prometheus' text format (0.0.4). They are the node's, not a project's, so an API key does not open them: on the API port they need the node's --metrics-token; with --metrics-port they are served on that port (loopback by default), where the token is needed only if set. The README lists every metric.",
        "security": [{"metricsToken": []}],
        "responses": {
          "200": {"description": "Every metric.", "content": {"text/plain; version=0.0.4; charset=utf-8": {"schema": {"type": "string"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/dashboard/kinds.json": {
      "get": {
        "operationId": "dashboardKinds",
        "summary": "What the dashboard's forms offer, from the registry the API validates with: each job kind's options with their type, allowed values or range, default and whether they are required; the task kinds; the statuses. The dashboard itself is served at /.",
        "security": [],
        "responses": {
          "200": {"description": "The catalog.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FormCatalog"}}}}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key from the server's first start, KILN_API_KEY or `kiln keys create`."
      },
      "metricsToken": {"type": "http", "scheme": "bearer", "description": "The node's --metrics-token (KILN_METRICS_TOKEN), for GET /metrics only."}
    },
    "parameters": {
      "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
      "order": {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"], "default": "desc"}}
    },
    "headers": {
      "Has-More": {
        "description": "true when another page follows in the direction of travel.",
        "schema": {"type": "string", "enum": ["true", "false"]}
      },
      "Link": {"description": "<url>; rel=\"next\" when another page follows.", "schema": {"type": "string"}}
    },
    "responses": {
      "BadRequest": {
        "description": "invalid_request (also for malformed HTTP and paths with control characters), input_required, invalid_input, kind_required, invalid_kind, kind_unavailable (the kind's engine or model is not installed on this server; the message names what is missing), invalid_format, invalid_codec, invalid_option or connection_required.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "Unauthorized": {
        "description": "token_missing or token_invalid.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "NotFound": {
        "description": "job_not_found, task_not_found, connection_not_found or not_found.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "Conflict": {
        "description": "idempotency_key_reused.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "NotCancellable": {
        "description": "job_not_cancellable or task_not_cancellable: it already succeeded or failed.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "MethodNotAllowed": {
        "description": "method_not_allowed; the Allow header lists the methods.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "PayloadTooLarge": {
        "description": "payload_too_large: bodies are limited to 1 MiB.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "InternalError": {
        "description": "internal_error.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["kind", "message"],
        "additionalProperties": false,
        "properties": {"kind": {"type": "string", "pattern": "^[a-z_]+$"}, "message": {"type": "string"}}
      },
      "OptionSpec": {
        "type": "object", "additionalProperties": false,
        "required": ["name", "type", "default", "required", "depends_on", "help"],
        "properties": {
          "name": {"type": "string"},
          "type": {"type": "string", "enum": ["choice", "number", "integer", "dimension", "seconds", "color", "flag", "text"]},
          "values": {"type": "array", "items": {"type": "string"}, "description": "A choice's allowed values."},
          "minimum": {"type": "number"},
          "maximum": {"type": "number"},
          "default": {"description": "The value used when the option is left out; null when none, or when it depends on another option."},
          "required": {"type": "boolean"},
          "depends_on": {"type": ["object", "null"], "required": ["option", "values"], "additionalProperties": false,
            "description": "For a choice whose allowed values depend on another option's value (a video's codec on its format): for each of that option's values, the allowed values, the first being the default.",
            "properties": {"option": {"type": "string"}, "values": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}},
          "help": {"type": "string"}
        }
      },
      "FormCatalog": {
        "type": "object", "additionalProperties": false, "required": ["job_kinds", "task_kinds", "job_statuses", "task_statuses"],
        "properties": {
          "job_kinds": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["kind", "options"],
            "properties": {"kind": {"$ref": "#/components/schemas/JobKind"}, "options": {"type": "array", "items": {"$ref": "#/components/schemas/OptionSpec"}}}}},
          "task_kinds": {"type": "array", "items": {"$ref": "#/components/schemas/TaskKind"}},
          "job_statuses": {"type": "array", "items": {"$ref": "#/components/schemas/JobStatus"}},
          "task_statuses": {"type": "array", "items": {"$ref": "#/components/schemas/TaskStatus"}}
        }
      },
      "JobID": {"type": "string", "pattern": "^job_[0-9A-Za-z_]{1,40}$", "example": "job_01JXZ5X2W3V4T5S6R7Q8P9N0MA"},
      "TaskID": {"type": "string", "pattern": "^task_[0-9A-Za-z_]{1,40}$", "example": "task_01JXZ5X2W3V4T5S6R7Q8P9N0MB"},
      "ConnectionID": {"type": "string", "pattern": "^conn_[0-9A-Za-z_]{1,40}$", "example": "conn_01JXZ5X2W3V4T5S6R7Q8P9N0MC"},
      "JobKind": {
        "type": "string",
        "enum": ["video", "audio", "image", "animation", "adaptive_video", "speech", "subtitles", "chapters", "nsfw", "summary", "outline", "workflow"],
        "description": "The five kinds of the jobs API, and Kiln's extensions: the analysis kinds (a server that runs none of a kind lists no job of it), and workflow, a job made with workflow instead of kind."
      },
      "TaskKind": {"type": "string", "enum": [__TASK_KINDS__]},
      "ListedTaskKind": {
        "type": "string",
        "enum": [__LISTED_TASK_KINDS__],
        "description": "Every kind the List Tasks page lists, and video_chunk (a piece of a chunked encode); ingest and upload are the older names of import and export."
      },
      "JobStatus": {"type": "string", "enum": ["queued", "processing", "succeeded", "failed", "cancelled"]},
      "TaskStatus": {
        "type": "string",
        "enum": ["waiting", "validating", "queued", "processing", "finishing", "succeeded", "failed", "cancelled"]
      },
      "Timestamp": {"type": "integer", "description": "Unix milliseconds."},
      "NullableTimestamp": {"type": ["integer", "null"], "description": "Unix milliseconds, null until it happens."},
      "InputURL": {
        "type": "string",
        "format": "uri",
        "maxLength": 4096,
        "pattern": "^(https?://[a-z0-9]+([.-][a-z0-9]+)*(:[1-9][0-9]{0,3})?|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$",
        "example": "https://example.com/video.mp4",
        "description": "http://, https:// or s3://bucket/key URL of the media; no spaces or control characters."
      },
      "OutputURL": {
        "type": "string",
        "maxLength": 4096,
        "pattern": "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/([A-Za-z0-9._~-]|\\{(id|date|filename|ext)\\})+(/([A-Za-z0-9._~-]|\\{(id|date|filename|ext)\\})+)*/?$",
        "example": "s3://my-bucket/videos/{id}.mp4",
        "description": "s3://bucket/key destination; {id}, {date}, {filename} and {ext} are filled in (braces make nothing else: another {name} or a lone brace is 400 invalid_request); a key ending in / is a folder. Needs a connection."
      },
      "StepOutputURL": {
        "type": "string",
        "maxLength": 4096,
        "pattern": "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/([A-Za-z0-9._~-]|\\{(id|date|filename|ext|ref)\\})+(/([A-Za-z0-9._~-]|\\{(id|date|filename|ext|ref)\\})+)*/?$",
        "example": "s3://my-bucket/{id}/{ref}.{ext}",
        "description": "A workflow step's OutputURL, which may use {ref} (the step's ref) too."
      },
      "Metadata": {"type": "object", "description": "Stored and returned as given (numbers keep their text), up to 16 KiB of JSON."},
      "Quality": {"type": "string", "enum": ["very_low", "low", "medium", "high", "very_high"]},
      "Dimension": {
        "oneOf": [
          {"type": "integer", "minimum": 2, "maximum": 8192},
          {"type": "string", "pattern": "^([1-9][0-9]?|100)%$", "description": "A percentage of the input."},
          {
            "type": "string",
            "pattern": "^([2-9]|[1-9][0-9]{1,2}|[1-7][0-9]{3}|8(0[0-9]{2}|1[0-8][0-9]|19[0-2]))$",
            "description": "Pixels, as a string."
          }
        ]
      },
      "Fit": {"type": "string", "enum": ["contain", "cover", "fill"]},
      "Position": {
        "type": "string",
        "enum": ["center", "top", "bottom", "left", "right", "top_left", "top_right", "bottom_left", "bottom_right"]
      },
      "Background": {"type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", "description": "Only with fit: contain."},
      "VideoOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "video: end must be after start; webm holds vp9 and av1, mov h264 and h265; background only with fit: contain (the default). null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["mp4", "webm", "mov"]}, {"type": "null"}]},
          "codec": {"anyOf": [{"enum": ["h264", "h265", "vp9", "av1"]}, {"type": "null"}]},
          "quality": {"anyOf": [{"$ref": "#/components/schemas/Quality"}, {"type": "null"}]},
          "width": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "height": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "fit": {"anyOf": [{"$ref": "#/components/schemas/Fit"}, {"type": "null"}]},
          "position": {"anyOf": [{"$ref": "#/components/schemas/Position"}, {"type": "null"}]},
          "background": {"anyOf": [{"$ref": "#/components/schemas/Background"}, {"type": "null"}]},
          "fps": {"anyOf": [{"type": "number", "minimum": 1, "maximum": 60}, {"type": "null"}]},
          "bitrate": {"anyOf": [{"type": "integer", "minimum": 300000, "maximum": 60000000}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 604800}, {"type": "null"}]},
          "mute": {"anyOf": [{"type": "boolean"}, {"type": "null"}]}
        },
        "allOf": [
          {
            "if": {"required": ["format"], "properties": {"format": {"const": "webm"}}},
            "then": {"properties": {"codec": {"enum": ["vp9", "av1", null]}}}
          },
          {
            "if": {"required": ["format"], "properties": {"format": {"const": "mov"}}},
            "then": {"properties": {"codec": {"enum": ["h264", "h265", null]}}}
          },
          {
            "if": {"required": ["fit"], "properties": {"fit": {"enum": ["cover", "fill"]}}},
            "then": {"properties": {"background": {"type": "null"}}}
          }
        ]
      },
      "AudioOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "audio: end must be after start; wav and flac are lossless and take no bitrate. null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["mp3", "aac", "ogg", "opus", "wav", "flac"]}, {"type": "null"}]},
          "quality": {"anyOf": [{"$ref": "#/components/schemas/Quality"}, {"type": "null"}]},
          "bitrate": {"anyOf": [{"type": "integer", "minimum": 32000, "maximum": 320000}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 604800}, {"type": "null"}]}
        },
        "allOf": [
          {
            "if": {"required": ["format"], "properties": {"format": {"enum": ["wav", "flac"]}}},
            "then": {"properties": {"bitrate": {"type": "null"}}}
          }
        ]
      },
      "ImageOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "image: start is the frame time of a video input; fit defaults to fill, so background needs fit: contain. interval (seconds) makes a thumbnail track of a video instead: a frame every interval over the video (or start–end; end must be after start), at most 1,000, in a folder with index.json (jpeg, png or webp); sprite: true packs them into one sprite sheet with a WebVTT track. end and sprite: true need interval. null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["jpeg", "jpg", "png", "webp", "avif"]}, {"type": "null"}]},
          "quality": {"anyOf": [{"$ref": "#/components/schemas/Quality"}, {"type": "null"}]},
          "width": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "height": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "fit": {"anyOf": [{"$ref": "#/components/schemas/Fit"}, {"type": "null"}]},
          "position": {"anyOf": [{"$ref": "#/components/schemas/Position"}, {"type": "null"}]},
          "background": {"anyOf": [{"$ref": "#/components/schemas/Background"}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 604800}, {"type": "null"}]},
          "interval": {"anyOf": [{"type": "number", "minimum": 0.1, "maximum": 3600}, {"type": "null"}]},
          "sprite": {"anyOf": [{"type": "boolean"}, {"type": "null"}]}
        },
        "allOf": [
          {
            "if": {"required": ["background"], "properties": {"background": {"type": "string"}}},
            "then": {"required": ["fit"], "properties": {"fit": {"const": "contain"}}}
          },
          {
            "if": {"anyOf": [
              {"required": ["end"], "properties": {"end": {"type": "number"}}},
              {"required": ["sprite"], "properties": {"sprite": {"const": true}}}
            ]},
            "then": {"required": ["interval"], "properties": {"interval": {"type": "number"}}}
          },
          {
            "if": {"required": ["interval"], "properties": {"interval": {"type": "number"}}},
            "then": {"properties": {"format": {"not": {"const": "avif"}}}}
          }
        ]
      },
      "AnimationOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "animation: end is required and must be after start; background only with fit: contain (the default). null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["gif", "webp"]}, {"type": "null"}]},
          "quality": {"anyOf": [{"$ref": "#/components/schemas/Quality"}, {"type": "null"}]},
          "width": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "height": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "fit": {"anyOf": [{"$ref": "#/components/schemas/Fit"}, {"type": "null"}]},
          "position": {"anyOf": [{"$ref": "#/components/schemas/Position"}, {"type": "null"}]},
          "background": {"anyOf": [{"$ref": "#/components/schemas/Background"}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"type": "number", "exclusiveMinimum": 0, "maximum": 604800},
          "fps": {"anyOf": [{"type": "number", "minimum": 1, "maximum": 60, "default": 10}, {"type": "null"}]}
        },
        "required": ["end"],
        "allOf": [
          {
            "if": {"required": ["fit"], "properties": {"fit": {"enum": ["cover", "fill"]}}},
            "then": {"properties": {"background": {"type": "null"}}}
          }
        ]
      },
      "AdaptiveVideoOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "adaptive_video: end must be after start; background only with fit: contain (the default). null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"const": "hls"}, {"type": "null"}]},
          "quality": {"anyOf": [{"$ref": "#/components/schemas/Quality"}, {"type": "null"}]},
          "width": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "height": {"anyOf": [{"$ref": "#/components/schemas/Dimension"}, {"type": "null"}]},
          "fit": {"anyOf": [{"$ref": "#/components/schemas/Fit"}, {"type": "null"}]},
          "position": {"anyOf": [{"$ref": "#/components/schemas/Position"}, {"type": "null"}]},
          "background": {"anyOf": [{"$ref": "#/components/schemas/Background"}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 604800}, {"type": "null"}]}
        },
        "allOf": [
          {
            "if": {"required": ["fit"], "properties": {"fit": {"enum": ["cover", "fill"]}}},
            "then": {"properties": {"background": {"type": "null"}}}
          }
        ]
      },
      "ExportOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "export: without url the file is published on this server; an s3:// url needs a connection. null for an option is the same as leaving it out.",
        "properties": {
          "url": {"anyOf": [{"$ref": "#/components/schemas/OutputURL"}, {"type": "null"}]},
          "connection_id": {"anyOf": [{"$ref": "#/components/schemas/ConnectionID"}, {"type": "null"}]}
        }
      },
      "NSFWOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "nsfw: a video is sampled every interval seconds (at most 300 frames); an image is one frame. null for an option is the same as leaving it out.",
        "properties": {
          "interval": {"anyOf": [{"type": "number", "minimum": 0.1, "maximum": 3600, "default": 1}, {"type": "null"}]},
          "threshold": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1, "default": 0.5}, {"type": "null"}]}
        }
      },
      "NSFWReport": {
        "type": "object",
        "description": "An nsfw task's report, inline in its output when under 64 KiB (also the published JSON file): nsfw is score >= threshold, score the highest frame's.",
        "required": ["nsfw", "score", "threshold", "model", "frames"],
        "additionalProperties": false,
        "properties": {
          "nsfw": {"type": "boolean"},
          "score": {"type": "number", "minimum": 0, "maximum": 1},
          "threshold": {"type": "number", "minimum": 0, "maximum": 1},
          "model": {"type": "string"},
          "frames": {
            "type": "array",
            "maxItems": 300,
            "items": {
              "type": "object",
              "required": ["time", "score", "labels"],
              "additionalProperties": false,
              "properties": {
                "time": {"type": "number", "minimum": 0, "description": "Seconds into the input."},
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "labels": {"type": "object", "additionalProperties": {"type": "number"}, "description": "Each label of the model (sfw, nsfw) with its probability."}
              }
            }
          }
        }
      },
      "NoOptions": {"type": "object", "maxProperties": 0, "description": "probe and import take no options."},
      "ConditionsOptions": {
        "type": "object", "required": ["conditions"], "additionalProperties": false,
        "properties": {"conditions": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"$ref": "#/components/schemas/Condition"}}},
        "description": "Whether every condition holds for the file (a probe's output): the task's output is {matched}."
      },
      "SpeechOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "speech: the transcript of start–end (the whole file by default). null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["json"]}, {"type": "null"}]},
          "language": {"anyOf": [{"$ref": "#/components/schemas/SpeechLanguage"}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 604800}, {"type": "null"}]}
        }
      },
      "SubtitlesOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "subtitles: WebVTT (default) or SubRip captions of start–end. null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["vtt", "srt"]}, {"type": "null"}]},
          "language": {"anyOf": [{"$ref": "#/components/schemas/SpeechLanguage"}, {"type": "null"}]},
          "start": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 604800}, {"type": "null"}]},
          "end": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 604800}, {"type": "null"}]}
        }
      },
      "ChaptersOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "chapters: JSON (default) or a WebVTT chapters track of the whole file; min_duration is the shortest chapter in seconds (default 30). null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["json", "vtt"]}, {"type": "null"}]},
          "language": {"anyOf": [{"$ref": "#/components/schemas/SpeechLanguage"}, {"type": "null"}]},
          "min_duration": {"anyOf": [{"type": "number", "minimum": 1, "maximum": 3600}, {"type": "null"}]}
        }
      },
      "SummaryOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "summary: {text}, sentences said in the file. null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["json"]}, {"type": "null"}]},
          "language": {"anyOf": [{"$ref": "#/components/schemas/SpeechLanguage"}, {"type": "null"}]}
        }
      },
      "OutlineOptions": {
        "type": "object",
        "additionalProperties": false,
        "description": "outline: {sections: [{title, start, end, points}]}, one section per chapter. null for an option is the same as leaving it out.",
        "properties": {
          "format": {"anyOf": [{"enum": ["json"]}, {"type": "null"}]},
          "language": {"anyOf": [{"$ref": "#/components/schemas/SpeechLanguage"}, {"type": "null"}]},
          "min_duration": {"anyOf": [{"type": "number", "minimum": 1, "maximum": 3600}, {"type": "null"}]}
        }
      },
      "SpeechLanguage": {"type": "string", "enum": ["en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue"], "description": "ISO 639-1 codes (and haw, yue): the languages Whisper transcribes."},
      "WorkflowRef": {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$", "description": "Names the step's result in the job's outputs; unique in the workflow. Steps that produce a result and name none get their kind's name (then _2, _3 …)."},
      "Condition": {
        "oneOf": [
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["kind", "format", "codecs.video.name", "codecs.audio.name"]}, "operator": {"enum": ["==", "!="]}, "value": {"type": "string"}}},
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["kind", "format", "codecs.video.name", "codecs.audio.name"]}, "operator": {"enum": ["in"]}, "value": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "string"}}}},
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["width", "height", "duration", "filesize", "bitrate", "framerate"]}, "operator": {"enum": ["==", "!=", "<", "<=", ">", ">="]}, "value": {"type": "number"}}},
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["width", "height", "duration", "filesize", "bitrate", "framerate"]}, "operator": {"enum": ["in"]}, "value": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "number"}}}},
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["has_audio", "has_video"]}, "operator": {"enum": ["==", "!="]}, "value": {"type": "boolean"}}},
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["has_audio", "has_video"]}, "operator": {"enum": ["in"]}, "value": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "boolean"}}}},
          {"type": "object", "required": ["prop", "operator", "value"], "additionalProperties": false, "properties": {"prop": {"enum": ["kind", "format", "width", "height", "duration", "filesize", "bitrate", "framerate", "codecs.video.name", "codecs.audio.name", "has_audio", "has_video"]}, "operator": {"enum": ["exists"]}, "value": {"type": "boolean"}}}
        ],
        "description": "Holds when the probed input's prop compares with value as operator says; a prop the input lacks holds only for != and exists: false."
      },
      __WORKFLOW_STEP_SCHEMAS__
      "WorkflowStep_conditions": {
        "type": "object",
        "required": ["kind", "conditions", "next"],
        "additionalProperties": false,
        "properties": {
          "kind": {"const": "conditions"},
          "ref": {"anyOf": [{"$ref": "#/components/schemas/WorkflowRef"}, {"type": "null"}]},
          "conditions": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"$ref": "#/components/schemas/Condition"}},
          "next": {"type": "array", "minItems": 1, "maxItems": 19, "items": {"$ref": "#/components/schemas/WorkflowStep"}, "description": "Run only when every condition holds; otherwise they end cancelled with error.kind condition_not_met."}
        }
      },
      "WorkflowStep": {
        "oneOf": [
          __WORKFLOW_STEP_REFS__,
          {"$ref": "#/components/schemas/WorkflowStep_conditions"}
        ],
        "discriminator": {
          "propertyName": "kind",
          "mapping": {
            __WORKFLOW_STEP_MAPPING__,
            "conditions": "#/components/schemas/WorkflowStep_conditions"
          }
        }
      },
      __JOB_REQUEST_SCHEMAS__
      "CreateJob_workflow": {
        "type": "object",
        "required": ["input", "workflow"],
        "additionalProperties": false,
        "properties": {
          "input": {"$ref": "#/components/schemas/InputURL"},
          "workflow": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"$ref": "#/components/schemas/WorkflowStep"}, "description": "The steps after the one probe and import of input, at most 20 in all (counting those in next); each step's options are validated as a job's, and errors name the step (workflow[2].next[0].options.width …)."},
          "metadata": {"anyOf": [{"$ref": "#/components/schemas/Metadata"}, {"type": "null"}]},
          "connection_id": {"anyOf": [{"$ref": "#/components/schemas/ConnectionID"}, {"type": "null"}]},
          "webhook_url": {"anyOf": [{"$ref": "#/components/schemas/WebhookURL"}, {"type": "null"}]}
        }
      },
      "CreateJobRequest": {
        "oneOf": [
          __JOB_REQUEST_REFS__,
          {"$ref": "#/components/schemas/CreateJob_workflow"}
        ],
        "description": "input and kind, with the kind's options; or input and workflow (a Kiln extension), never both. An output needs a storage connection: connection_id, or the project's default. speech, subtitles, chapters, summary, outline and nsfw are Kiln's extension; a kind whose engine the server lacks is 400 kind_unavailable."
      },
      "URLInput": {
        "type": "object",
        "required": ["url"],
        "properties": {"url": {"$ref": "#/components/schemas/InputURL"}},
        "description": "{\"url\": …}; other fields are ignored."
      },
      "FileInput": {
        "type": "object",
        "required": ["url"],
        "properties": {"object": {"const": "file"}, "url": {"$ref": "#/components/schemas/InputURL"}},
        "description": "A file object: a probe's or an encode's output, or just {\"object\": \"file\", \"url\": …}. A url of this server must name a file it still has."
      },
      "CreateTaskRequest": {
        "oneOf": [__TASK_REQUEST_REFS__],
        "discriminator": {"propertyName": "kind", "mapping": {__TASK_REQUEST_MAPPING__}}
      },
      __TASK_REQUEST_SCHEMAS__
      "ExternalFile": {
        "type": "object",
        "required": ["object", "url"],
        "additionalProperties": false,
        "properties": {"object": {"const": "external_file"}, "url": {"type": "string"}}
      },
      "File": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "object",
          "kind",
          "url",
          "filename",
          "filesize",
          "mimetype",
          "format",
          "width",
          "height",
          "duration",
          "bitrate",
          "framerate",
          "codecs"
        ],
        "properties": {
          "object": {"const": "file"},
          "kind": {"type": "string", "enum": ["video", "audio", "image", "text"], "description": "text: a result of the analysis kinds (format json, vtt or srt)."},
          "url": {
            "type": ["string", "null"],
            "description": "Where the file is: the input URL for a probe, the published URL for an export."
          },
          "filename": {"type": ["string", "null"]},
          "filesize": {"type": ["integer", "null"], "description": "Bytes; for HLS, all files of the stream."},
          "mimetype": {"type": ["string", "null"]},
          "format": {"type": ["string", "null"]},
          "width": {"type": ["integer", "null"], "description": "Display width, after rotation."},
          "height": {"type": ["integer", "null"]},
          "duration": {"type": ["number", "null"], "description": "Seconds."},
          "bitrate": {"type": ["integer", "null"], "description": "Bits per second."},
          "framerate": {"type": ["number", "null"]},
          "data": {"description": "A JSON result of the analysis kinds itself, when it is under 64 KiB: the transcript, chapters, summary or outline, or an nsfw task's report (NSFWReport)."},
          "codecs": {
            "type": "object",
            "required": ["video", "audio"],
            "additionalProperties": false,
            "properties": {
              "video": {
                "type": ["object", "null"],
                "required": ["name", "profile", "level"],
                "additionalProperties": false,
                "properties": {"name": {"type": "string"}, "profile": {"type": ["string", "null"]}, "level": {"type": ["string", "null"]}}
              },
              "audio": {
                "type": ["object", "null"],
                "required": ["name", "sample_rate", "channels", "bitrate"],
                "additionalProperties": false,
                "properties": {
                  "name": {"type": "string"},
                  "sample_rate": {"type": ["integer", "null"]},
                  "channels": {"type": ["integer", "null"]},
                  "bitrate": {"type": ["integer", "null"]}
                }
              }
            }
          }
        }
      },
      "CreateConnectionRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": ["kind", "name", "access_key_id", "secret_access_key"],
        "properties": {
          "kind": {"const": "s3"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200},
          "endpoint": {
            "type": "string",
            "maxLength": 2048,
            "pattern": "__ENDPOINT_PATTERN__",
            "description": "http(s) URL; default https://s3.<region>.amazonaws.com.",
            "example": "http://127.0.0.1:9000"
          },
          "region": {"type": "string", "minLength": 1, "maxLength": 64, "description": "Default us-east-1."},
          "access_key_id": {"type": "string", "minLength": 1, "maxLength": 256},
          "secret_access_key": {"type": "string", "minLength": 1, "maxLength": 512, "writeOnly": true},
          "is_default": {"type": "boolean"},
          "force_path_style": {"type": "boolean"}
        }
      },
      "UpdateConnectionRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "kind": {"const": "s3"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200},
          "endpoint": {
            "type": "string",
            "maxLength": 2048,
            "pattern": "__ENDPOINT_PATTERN__",
            "description": "http(s) URL; default https://s3.<region>.amazonaws.com.",
            "example": "http://127.0.0.1:9000"
          },
          "region": {"type": "string", "minLength": 1, "maxLength": 64, "description": "Default us-east-1."},
          "access_key_id": {"type": "string", "minLength": 1, "maxLength": 256},
          "secret_access_key": {"type": "string", "minLength": 1, "maxLength": 512, "writeOnly": true},
          "is_default": {"type": "boolean"},
          "force_path_style": {"type": "boolean"}
        },
        "description": "The fields to change; none may be null."
      },
      "WebhookURL": {"type": "string", "pattern": "__WEBHOOK_URL_PATTERN__", "maxLength": 4096, "example": "https://example.com/kiln-hook",
        "description": "http(s): the run's last event (job.succeeded, job.failed or job.cancelled; or the task's) is POSTed here, signed with the project's webhook secret."},
      "EventKind": {"type": "string", "enum": ["job.created", "job.updated", "job.succeeded", "job.failed", "job.cancelled", "task.created", "task.updated", "task.succeeded", "task.failed", "task.cancelled"]},
      "EventID": {"type": "string", "pattern": "^evt_[0-9A-Za-z_]{1,40}$", "example": "evt_01JXZ5X2W3V4T5S6R7Q8P9N0MD"},
      "EndpointID": {"type": "string", "pattern": "^we_[0-9A-Za-z_]{1,40}$", "example": "we_01JXZ5X2W3V4T5S6R7Q8P9N0ME"},
      "Event": {
        "type": "object", "additionalProperties": false, "required": ["id", "object", "kind", "data", "created_at"],
        "properties": {
          "id": {"type": "string", "pattern": "^evt_"},
          "object": {"const": "event"},
          "kind": {"$ref": "#/components/schemas/EventKind"},
          "data": {"oneOf": [{"$ref": "#/components/schemas/Job"}, {"$ref": "#/components/schemas/Task"}], "description": "The job (job.* events) or task (task.* events) as it was after the change."},
          "created_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      },
      "EventWithAttempts": {
        "type": "object", "additionalProperties": false, "required": ["id", "object", "kind", "data", "created_at", "attempts"],
        "properties": {
          "id": {"type": "string", "pattern": "^evt_"},
          "object": {"const": "event"},
          "kind": {"$ref": "#/components/schemas/EventKind"},
          "data": {"oneOf": [{"$ref": "#/components/schemas/Job"}, {"$ref": "#/components/schemas/Task"}], "description": "The job (job.* events) or task (task.* events) as it was after the change."},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "attempts": {"type": "array", "items": {"type": "object", "additionalProperties": false,
            "required": ["at", "endpoint_id", "url", "status_code", "duration_ms", "error"],
            "properties": {"at": {"$ref": "#/components/schemas/Timestamp"}, "endpoint_id": {"type": ["string", "null"]}, "url": {"type": "string"},
              "status_code": {"type": ["integer", "null"]}, "duration_ms": {"type": "integer"}, "error": {"type": ["string", "null"]}}}}
        }
      },
      "Topics": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["*", "job.*", "task.*", "job.created", "job.updated", "job.succeeded", "job.failed", "job.cancelled", "task.created", "task.updated", "task.succeeded", "task.failed", "task.cancelled"]}},
      "CreateWebhookEndpointRequest": {
        "type": "object", "additionalProperties": false, "required": ["url", "topics"],
        "properties": {
          "url": {"$ref": "#/components/schemas/WebhookURL"},
          "topics": {"$ref": "#/components/schemas/Topics"},
          "description": {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "null"}]}
        }
      },
      "UpdateWebhookEndpointRequest": {
        "type": "object", "additionalProperties": false,
        "properties": {
          "url": {"$ref": "#/components/schemas/WebhookURL"},
          "topics": {"$ref": "#/components/schemas/Topics"},
          "description": {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "null"}]},
          "enabled": {"type": "boolean"}
        }
      },
      "WebhookEndpoint": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "object", "url", "topics", "description", "enabled", "disabled_reason", "created_at", "updated_at"],
        "properties": {
          "id": {"type": "string", "pattern": "^we_"},
          "object": {"const": "webhook_endpoint"},
          "url": {"type": "string"},
          "topics": {"type": "array", "items": {"type": "string"}},
          "secret": {"type": "string", "pattern": "^whsec_", "description": "Only in the answers of creating and rotating."},
          "description": {"type": ["string", "null"]},
          "enabled": {"type": "boolean"},
          "disabled_reason": {"type": ["string", "null"], "description": "Why Kiln turned the endpoint off (every delivery failed for 3 days)."},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "updated_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      },
      "Connection": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "object",
          "kind",
          "name",
          "endpoint",
          "region",
          "access_key_id",
          "is_default",
          "force_path_style",
          "created_at",
          "updated_at"
        ],
        "properties": {
          "id": {"$ref": "#/components/schemas/ConnectionID"},
          "object": {"const": "connection"},
          "kind": {"const": "s3"},
          "name": {"type": "string"},
          "endpoint": {"type": "string"},
          "region": {"type": "string"},
          "access_key_id": {"type": "string"},
          "is_default": {"type": "boolean"},
          "force_path_style": {"type": "boolean"},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "updated_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      },
      "RunError": {
        "type": ["object", "null"],
        "required": ["kind", "message"],
        "additionalProperties": false,
        "properties": {"kind": {"type": "string"}, "message": {"type": "string"}}
      },
      "Task": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "object",
          "kind",
          "job_id",
          "input",
          "options",
          "output",
          "status",
          "progress",
          "error",
          "metadata",
          "created_by",
          "created_at",
          "started_at",
          "finished_at",
          "updated_at"
        ],
        "properties": {
          "id": {"$ref": "#/components/schemas/TaskID"},
          "object": {"const": "task"},
          "kind": {"$ref": "#/components/schemas/TaskKind"},
          "job_id": {"type": ["string", "null"]},
          "ref": {"$ref": "#/components/schemas/WorkflowRef"},
          "input": {
            "anyOf": [
              {"type": "null"},
              {"$ref": "#/components/schemas/ExternalFile"},
              {"$ref": "#/components/schemas/File"},
              {"$ref": "#/components/schemas/FileInput"}
            ],
            "description": "null until a job's task starts; a standalone task shows its input from the start."
          },
          "options": {"type": "object"},
          "output": {
            "oneOf": [
              {"type": "null"},
              {"$ref": "#/components/schemas/File"},
              {"type": "object", "required": ["matched"], "additionalProperties": false, "properties": {"matched": {"type": "boolean"}}}
            ],
            "description": "null until the task succeeds; then the file it produced or inspected, or for conditions whether they held."
          },
          "status": {"$ref": "#/components/schemas/TaskStatus"},
          "progress": {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": 100,
            "description": "A whole number on steps that report progress (encodes) while they run, 100 when they succeed; null on steps that report none."
          },
          "error": {"$ref": "#/components/schemas/RunError"},
          "metadata": {"type": ["object", "null"], "description": "What POST /tasks was given as metadata; null unless set."},
          "created_by": {"type": ["string", "null"], "description": "The job that made the task, or the API key of a standalone task."},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "started_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "finished_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "updated_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      },
      "JobSummary": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "object",
          "kind",
          "input",
          "output",
          "options",
          "metadata",
          "status",
          "error",
          "created_at",
          "started_at",
          "finished_at",
          "updated_at"
        ],
        "properties": {
          "id": {"$ref": "#/components/schemas/JobID"},
          "object": {"const": "job"},
          "kind": {"$ref": "#/components/schemas/JobKind"},
          "input": {"type": "string"},
          "output": {"type": ["string", "null"], "description": "The published URL, null until the job succeeds."},
          "options": {"type": "object", "description": "As sent."},
          "metadata": {"type": "object", "description": "As sent."},
          "status": {"$ref": "#/components/schemas/JobStatus"},
          "error": {"$ref": "#/components/schemas/RunError"},
          "workflow": {"type": "array", "description": "A workflow job's steps as sent (a Kiln extension)."},
          "outputs": {"type": "object", "additionalProperties": {"type": "string"}, "description": "A workflow job's published results by ref (a Kiln extension)."},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "started_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "finished_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "updated_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      },
      "Job": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "object",
          "kind",
          "input",
          "output",
          "options",
          "metadata",
          "status",
          "error",
          "tasks",
          "created_at",
          "started_at",
          "finished_at",
          "updated_at"
        ],
        "properties": {
          "id": {"$ref": "#/components/schemas/JobID"},
          "object": {"const": "job"},
          "kind": {"$ref": "#/components/schemas/JobKind"},
          "input": {"type": "string"},
          "output": {"type": ["string", "null"], "description": "The published URL, null until the job succeeds."},
          "options": {"type": "object", "description": "As sent."},
          "metadata": {"type": "object", "description": "As sent."},
          "status": {"$ref": "#/components/schemas/JobStatus"},
          "error": {"$ref": "#/components/schemas/RunError"},
          "workflow": {"type": "array", "description": "A workflow job's steps as sent (a Kiln extension)."},
          "outputs": {"type": "object", "additionalProperties": {"type": "string"}, "description": "A workflow job's published results by ref (a Kiln extension); output is the first of them in task order. A cancelled job keeps only those sent to a step's own output."},
          "tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "started_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "finished_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "updated_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      }
    }
  }
}
"""#
}
