import Foundation
import KilnCore

/// The OpenAPI 3.1 document served at `GET /openapi.json`. The contract tests validate every
/// response they receive against it, so it stays true to the code.
enum OpenAPIDocument {
    /// The document for a node that runs `catalog`'s kinds.
    static func text(catalog: StepCatalog) -> String {
        let quoted = { (kinds: [String]) in kinds.map { "\"\($0)\"" }.joined(separator: ", ") }
        return template
            .replacingOccurrences(of: "__TASK_KINDS__", with: quoted(catalog.kinds.map(\.rawValue)))
            .replacingOccurrences(of: "__LISTED_TASK_KINDS__", with: quoted(StepKind.listed.map(\.rawValue) + StepKind.aliases.keys.sorted()))
    }

    private static let template = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Kiln",
    "version": "0.1.0",
    "description": "Self-hosted media processing, compatible with the Ittybit jobs API. Every error is {kind, message}. Timestamps are Unix milliseconds. Lists are bare arrays with Has-More and Link headers. Every response carries X-Request-Id: the client's own when it sends a plain one (1–128 letters, digits or -_.:/+=@~), otherwise a new req_… id; the server's log lines about the request carry it as request_id. A failed job's error.kind is one of input_unreachable, input_forbidden, input_too_large, input_not_media, unsupported_media, encode_failed, export_failed, connection_required, worker_lost, internal_error."
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "security": [{"bearer": []}],
  "paths": {
    "/jobs": {
      "post": {
        "operationId": "createJob",
        "summary": "Create a job: probe → import → encode → export.",
        "parameters": [
          {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255},
           "description": "The same key and body within 24 h returns the original response with 200; the same key with another body is 409 idempotency_key_reused."}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateJobRequest"}}}},
        "responses": {
          "201": {"description": "The queued job with its four waiting tasks.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "200": {"description": "A replay of an earlier request with the same Idempotency-Key and body.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
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
          {"$ref": "#/components/parameters/after"},
          {"$ref": "#/components/parameters/before"},
          {"$ref": "#/components/parameters/order"}
        ],
        "responses": {
          "200": {
            "description": "A page of jobs.",
            "headers": {"Has-More": {"$ref": "#/components/headers/Has-More"}, "Link": {"$ref": "#/components/headers/Link"}},
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/JobSummary"}}}}
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
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
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
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The cancelled job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
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
          {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateTaskRequest"}}}},
        "responses": {
          "201": {"description": "The waiting task.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
          "200": {"description": "A replay of an earlier request with the same Idempotency-Key and body.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
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
          {"name": "job_id", "in": "query", "schema": {"type": "string"}, "description": "Tasks of this job."},
          {"name": "run_id", "in": "query", "schema": {"type": "string"}, "description": "Another name for job_id."},
          {"name": "created_by", "in": "query", "schema": {"type": "string"}, "description": "A job id, or the API key id that created a standalone task."},
          {"$ref": "#/components/parameters/limit"},
          {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Items after this task id in the list's order."},
          {"name": "before", "in": "query", "schema": {"type": "string"}, "description": "Items before this task id in the list's order."},
          {"$ref": "#/components/parameters/order"}
        ],
        "responses": {
          "200": {
            "description": "A page of tasks.",
            "headers": {"Has-More": {"$ref": "#/components/headers/Has-More"}, "Link": {"$ref": "#/components/headers/Link"}},
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}}}
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
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The task.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
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
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The cancelled task.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
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
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConnectionRequest"}}}},
        "responses": {
          "201": {"description": "The connection.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "500": {"$ref": "#/components/responses/InternalError"}
        }
      },
      "get": {
        "operationId": "listConnections",
        "responses": {
          "200": {"description": "The project's connections.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Connection"}}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/connections/{id}": {
      "get": {
        "operationId": "getConnection",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The connection.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      },
      "patch": {
        "operationId": "updateConnection",
        "summary": "Change any field, the secret included; is_default: true takes the default over.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConnectionRequest"}}}},
        "responses": {
          "200": {"description": "The connection.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Connection"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      },
      "delete": {
        "operationId": "deleteConnection",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "Deleted.", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "object", "deleted"],
            "properties": {"id": {"type": "string"}, "object": {"const": "connection"}, "deleted": {"const": true}}}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/files/{path}": {
      "get": {
        "operationId": "getFile",
        "summary": "A published output (the job's output URL points here). Supports Range requests; no key needed.",
        "security": [],
        "parameters": [{"name": "path", "in": "path", "required": true, "schema": {"type": "string"}, "description": "job id / file name, or job id / stream / file for HLS."}],
        "responses": {
          "200": {"description": "The file, with its media type.", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
          "206": {"description": "The requested byte range."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness.",
        "security": [],
        "responses": {
          "200": {"description": "The server is up.", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}, "additionalProperties": false}}}}
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
      "bearer": {"type": "http", "scheme": "bearer", "description": "An API key from the server's first start, KILN_API_KEY or `kiln keys create`."},
      "metricsToken": {"type": "http", "scheme": "bearer", "description": "The node's --metrics-token (KILN_METRICS_TOKEN), for GET /metrics only."}
    },
    "parameters": {
      "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
      "after": {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Items after this id in the list's order."},
      "before": {"name": "before", "in": "query", "schema": {"type": "string"}, "description": "Items before this id in the list's order (the nearest ones)."},
      "order": {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"], "default": "desc"}}
    },
    "headers": {
      "Has-More": {"description": "true when another page follows in the direction of travel.", "schema": {"type": "string", "enum": ["true", "false"]}},
      "Link": {"description": "<url>; rel=\"next\" when another page follows.", "schema": {"type": "string"}}
    },
    "responses": {
      "BadRequest": {"description": "invalid_request, input_required, invalid_input, kind_required, invalid_kind, invalid_format, invalid_codec, invalid_option or connection_required.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "token_missing or token_invalid.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "job_not_found, task_not_found, connection_not_found or not_found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "idempotency_key_reused.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotCancellable": {"description": "job_not_cancellable or task_not_cancellable: it already succeeded or failed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "MethodNotAllowed": {"description": "method_not_allowed; the Allow header lists the methods.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "PayloadTooLarge": {"description": "payload_too_large: bodies are limited to 1 MiB.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "InternalError": {"description": "internal_error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["kind", "message"], "additionalProperties": false,
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
      "JobKind": {"type": "string", "enum": ["video", "audio", "image", "animation", "adaptive_video"]},
      "TaskKind": {"type": "string", "enum": [__TASK_KINDS__]},
      "ListedTaskKind": {"type": "string", "enum": [__LISTED_TASK_KINDS__], "description": "Every kind the List Tasks page lists; ingest and upload are the older names of import and export."},
      "JobStatus": {"type": "string", "enum": ["queued", "processing", "succeeded", "failed", "cancelled"]},
      "TaskStatus": {"type": "string", "enum": ["waiting", "validating", "queued", "processing", "finishing", "succeeded", "failed", "cancelled"]},
      "Timestamp": {"type": "integer", "description": "Unix milliseconds."},
      "NullableTimestamp": {"type": ["integer", "null"], "description": "Unix milliseconds, null until it happens."},
      "Dimension": {"oneOf": [{"type": "integer", "minimum": 2, "maximum": 8192}, {"type": "string", "pattern": "^([1-9][0-9]?|100)%$"}]},
      "Quality": {"type": "string", "enum": ["very_low", "low", "medium", "high", "very_high"]},
      "Options": {
        "type": "object",
        "description": "Options of the job's kind. video: format (mp4|webm|mov), codec (h264|h265|vp9|av1), quality, width, height, fit, position, background, fps (1–60), bitrate (300000–60000000), start, end, mute. audio: format (mp3|aac|ogg|opus|wav|flac), quality, bitrate (32000–320000), start, end. image: format (jpeg|jpg|png|webp|avif), quality, width, height, fit, position, background, start. animation: format (gif|webp), quality, width, height, fit, position, background, start, end (required), fps (1–60, default 10). adaptive_video: format (hls), quality, width, height, fit, position, background, start, end.",
        "properties": {
          "format": {"type": "string"},
          "codec": {"type": "string", "enum": ["h264", "h265", "vp9", "av1"]},
          "quality": {"$ref": "#/components/schemas/Quality"},
          "width": {"$ref": "#/components/schemas/Dimension"},
          "height": {"$ref": "#/components/schemas/Dimension"},
          "fit": {"type": "string", "enum": ["contain", "cover", "fill"]},
          "position": {"type": "string", "enum": ["center", "top", "bottom", "left", "right", "top_left", "top_right", "bottom_left", "bottom_right"]},
          "background": {"type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"},
          "fps": {"type": "number", "minimum": 1, "maximum": 60},
          "bitrate": {"type": "integer"},
          "start": {"type": "number", "minimum": 0},
          "end": {"type": "number", "minimum": 0},
          "mute": {"type": "boolean"}
        },
        "additionalProperties": false
      },
      "CreateJobRequest": {
        "type": "object", "required": ["input", "kind"], "additionalProperties": false,
        "properties": {
          "input": {"type": "string", "description": "http://, https:// or s3:// URL."},
          "kind": {"$ref": "#/components/schemas/JobKind"},
          "options": {"$ref": "#/components/schemas/Options"},
          "output": {"type": "string", "description": "s3://bucket/key destination."},
          "metadata": {"type": "object", "description": "Stored as given, up to 16 KiB of JSON."},
          "connection_id": {"type": "string", "description": "Kiln extension: the storage connection for s3:// URLs."}
        }
      },
      "ExternalFile": {
        "type": "object", "required": ["object", "url"], "additionalProperties": false,
        "properties": {"object": {"const": "external_file"}, "url": {"type": "string"}}
      },
      "File": {
        "type": "object", "additionalProperties": false,
        "required": ["object", "kind", "url", "filename", "filesize", "mimetype", "format", "width", "height", "duration", "bitrate", "framerate", "codecs"],
        "properties": {
          "object": {"const": "file"},
          "kind": {"type": "string", "enum": ["video", "audio", "image"]},
          "url": {"type": ["string", "null"], "description": "Where the file is: the input URL for a probe, the published URL for an export."},
          "filename": {"type": ["string", "null"]},
          "filesize": {"type": ["integer", "null"], "description": "Bytes; for HLS, all files of the stream."},
          "mimetype": {"type": ["string", "null"]},
          "format": {"type": ["string", "null"]},
          "width": {"type": ["integer", "null"], "description": "Display width, after rotation."},
          "height": {"type": ["integer", "null"]},
          "duration": {"type": ["number", "null"], "description": "Seconds."},
          "bitrate": {"type": ["integer", "null"], "description": "Bits per second."},
          "framerate": {"type": ["number", "null"]},
          "codecs": {
            "type": "object", "required": ["video", "audio"], "additionalProperties": false,
            "properties": {
              "video": {"type": ["object", "null"], "required": ["name", "profile", "level"], "additionalProperties": false,
                "properties": {"name": {"type": "string"}, "profile": {"type": ["string", "null"]}, "level": {"type": ["string", "null"]}}},
              "audio": {"type": ["object", "null"], "required": ["name", "sample_rate", "channels", "bitrate"], "additionalProperties": false,
                "properties": {"name": {"type": "string"}, "sample_rate": {"type": ["integer", "null"]}, "channels": {"type": ["integer", "null"]}, "bitrate": {"type": ["integer", "null"]}}}
            }
          }
        }
      },
      "ConnectionRequest": {
        "type": "object", "additionalProperties": false,
        "properties": {
          "kind": {"const": "s3"},
          "name": {"type": "string"},
          "endpoint": {"type": "string", "description": "http(s) URL; default https://s3.<region>.amazonaws.com."},
          "region": {"type": "string", "description": "Default us-east-1."},
          "access_key_id": {"type": "string"},
          "secret_access_key": {"type": "string", "writeOnly": true},
          "is_default": {"type": "boolean"},
          "force_path_style": {"type": "boolean"}
        }
      },
      "Connection": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "object", "kind", "name", "endpoint", "region", "access_key_id", "is_default", "force_path_style", "created_at", "updated_at"],
        "properties": {
          "id": {"type": "string", "pattern": "^conn_"},
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
      "CreateTaskRequest": {
        "type": "object", "required": ["kind", "input"], "additionalProperties": false,
        "properties": {
          "kind": {"$ref": "#/components/schemas/TaskKind"},
          "input": {"type": "object", "required": ["url"], "description": "probe and import: {\"url\": …}; encode kinds and export: a file object (a probe's or an encode's output).",
            "properties": {"url": {"type": "string"}}},
          "options": {"type": "object", "description": "Encode kinds: the options of that kind, as for jobs. export: url (s3://…, optional; without it the file is published to this server) and connection_id. probe and import: none."},
          "metadata": {"type": "object", "description": "Stored and returned as given, up to 16 KiB of JSON."}
        }
      },
      "RunError": {
        "type": ["object", "null"], "required": ["kind", "message"], "additionalProperties": false,
        "properties": {"kind": {"type": "string"}, "message": {"type": "string"}}
      },
      "Task": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "object", "kind", "job_id", "input", "options", "output", "status", "progress", "error", "metadata", "created_by", "created_at", "started_at", "finished_at", "updated_at"],
        "properties": {
          "id": {"type": "string", "pattern": "^task_"},
          "object": {"const": "task"},
          "kind": {"$ref": "#/components/schemas/TaskKind"},
          "job_id": {"type": ["string", "null"]},
          "input": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/ExternalFile"}, {"$ref": "#/components/schemas/File"}], "description": "null until the task starts."},
          "options": {"type": "object"},
          "output": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/File"}], "description": "null until the task succeeds; then the file it produced or inspected."},
          "status": {"$ref": "#/components/schemas/TaskStatus"},
          "progress": {"type": ["integer", "null"], "minimum": 0, "maximum": 100, "description": "A whole number on steps that report progress (encodes) while they run, 100 when they succeed; null on steps that report none."},
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
        "type": "object", "additionalProperties": false,
        "required": ["id", "object", "kind", "input", "output", "options", "metadata", "status", "error", "created_at", "started_at", "finished_at", "updated_at"],
        "properties": {
          "id": {"type": "string", "pattern": "^job_"},
          "object": {"const": "job"},
          "kind": {"$ref": "#/components/schemas/JobKind"},
          "input": {"type": "string"},
          "output": {"type": ["string", "null"], "description": "The published URL, null until the job succeeds."},
          "options": {"type": "object", "description": "As sent."},
          "metadata": {"type": "object", "description": "As sent."},
          "status": {"$ref": "#/components/schemas/JobStatus"},
          "error": {"$ref": "#/components/schemas/RunError"},
          "created_at": {"$ref": "#/components/schemas/Timestamp"},
          "started_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "finished_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "updated_at": {"$ref": "#/components/schemas/Timestamp"}
        }
      },
      "Job": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "object", "kind", "input", "output", "options", "metadata", "status", "error", "tasks", "created_at", "started_at", "finished_at", "updated_at"],
        "properties": {
          "id": {"type": "string", "pattern": "^job_"},
          "object": {"const": "job"},
          "kind": {"$ref": "#/components/schemas/JobKind"},
          "input": {"type": "string"},
          "output": {"type": ["string", "null"]},
          "options": {"type": "object"},
          "metadata": {"type": "object"},
          "status": {"$ref": "#/components/schemas/JobStatus"},
          "error": {"$ref": "#/components/schemas/RunError"},
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
