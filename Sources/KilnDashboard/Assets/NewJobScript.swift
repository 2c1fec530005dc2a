/// `new-job.js`: the form that creates a job. Its kinds, options and allowed values come from
/// `/dashboard/kinds.json`, the registry the API validates with; the API has the last word, and
/// its refusal is shown with the option it names marked.
enum NewJobScript {
    static let text = #"""
import { api, catalog } from "./api.js";
import { h, page, fill, field, select, humanize, optionValue, errorBox, hashQuery } from "./ui.js";

const labels = {
  fps: "Frame rate", bitrate: "Bitrate", start: "Start", end: "End", mute: "Mute audio",
  background: "Background colour", fit: "Fit", position: "Position", width: "Width", height: "Height",
};

function number(value) {
  return Number.isInteger(value) ? value.toLocaleString("en") : String(value);
}

/// The hint under an option: what it means, its range and its default.
function hintFor(spec) {
  const parts = [spec.help];
  if (spec.type === "number" || spec.type === "integer") parts.push(`${number(spec.minimum)} to ${number(spec.maximum)}`);
  if (spec.type === "dimension") parts.push(`${spec.minimum}–${spec.maximum} pixels, or 1%–100% of the input`);
  if (spec.default !== null && spec.type !== "choice" && spec.type !== "flag") parts.push(`default ${spec.default}`);
  const text = parts.filter(Boolean).join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

/// The control for one option; an empty control leaves the option out (its default applies).
function control(spec, values) {
  switch (spec.type) {
    case "choice": {
      const allowed = values ?? spec.values;
      const fallback = spec.default ?? (spec.depends_on ? allowed[0] : null);
      return select(allowed, undefined, fallback !== null ? `Default: ${optionValue(fallback)}` : "None", optionValue);
    }
    case "number": return h("input", { type: "number", step: "any", min: spec.minimum, max: spec.maximum, inputmode: "decimal" });
    case "integer": return h("input", { type: "number", step: "1", min: spec.minimum, max: spec.maximum, inputmode: "numeric" });
    case "seconds": return h("input", { type: "number", step: "any", min: "0", max: spec.maximum, inputmode: "decimal", required: spec.required });
    case "dimension": return h("input", { type: "text", inputmode: "numeric", pattern: "^([0-9]+|[0-9]{1,3}%)$", placeholder: "e.g. 1280 or 50%", autocomplete: "off" });
    case "color": return h("input", { type: "text", pattern: "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", placeholder: "#000000", autocomplete: "off" });
    case "flag": return h("input", { type: "checkbox" });
    default: return h("input", { type: "text", autocomplete: "off" });
  }
}

/// The option's value from its control, or undefined when left empty.
function read(spec, element) {
  if (spec.type === "flag") return element.checked ? true : undefined;
  const text = element.value.trim();
  if (text === "") return undefined;
  switch (spec.type) {
    case "number": case "integer": case "seconds": return Number(text);
    case "dimension": return text.endsWith("%") ? text : Number(text);
    default: return text;
  }
}

/// A workflow to start from: the results most uploads want, each named by its ref.
const exampleWorkflow = `[
  {"kind": "video", "options": {"width": 1280}, "ref": "web"},
  {"kind": "image", "options": {"start": 2, "format": "webp", "width": 640}, "ref": "poster"},
  {"kind": "conditions", "conditions": [{"prop": "duration", "operator": ">=", "value": 60}],
   "next": [{"kind": "adaptive_video", "ref": "hls"}]}
]`;

export async function render(main) {
  page(main, "New job", ["#/jobs", "Jobs"]);
  const known = await catalog();
  const kinds = known.job_kinds;
  // `workflow` is no kind of the catalog: it stands for the steps given as JSON.
  const kindNames = [...kinds.map((k) => k.kind), "workflow"];
  const initial = kindNames.find((k) => k === hashQuery().kind) ?? kinds[0].kind;

  const input = h("input", { type: "url", required: true, autocomplete: "off", spellcheck: "false", placeholder: "https://example.com/video.mp4" });
  const kind = select(kindNames, initial);
  const legend = h("legend", {});
  const grid = h("div", { class: "options-grid" });
  const options = h("fieldset", { id: "options" }, legend, grid);
  const output = h("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "s3://bucket/videos/{id}.{ext}", pattern: "^s3://.+" });
  const connection = h("select", {}, h("option", { value: "" }, "The project's default connection"));
  const metadata = h("textarea", { rows: "3", spellcheck: "false", placeholder: "{\"order\": 42}" });
  const steps = h("textarea", { rows: "9", spellcheck: "false", class: "mono" });
  steps.value = exampleWorkflow;
  const error = h("div", { id: "form-error", tabindex: "-1" });
  const submit = h("button", { type: "submit" }, "Create job");
  const controls = new Map();

  function drawOptions() {
    controls.clear();
    // A workflow's steps say where each result goes, so the job-wide output is not offered.
    outputField.hidden = kind.value === "workflow";
    if (kind.value === "workflow") {
      fill(legend, "Steps of the workflow");
      fill(grid, field("job-workflow", "Workflow", steps,
        "A JSON array of steps run after one probe and import of the input: each has a kind, its options, a ref that names its result and, optionally, an s3:// output with {ref}; a conditions step runs its next steps only when the input matches."));
      return;
    }
    const entry = kinds.find((k) => k.kind === kind.value);
    fill(legend, `Options for ${humanize(entry.kind).toLowerCase()}`);
    fill(grid, entry.options.map((spec) => {
      const element = control(spec);
      element.dataset.option = spec.name;
      if (spec.required) element.required = true;
      controls.set(spec.name, { spec, element });
      const label = (labels[spec.name] ?? humanize(spec.name)) + (spec.required ? " (required)" : "");
      return field(`option-${spec.name}`, label, element, hintFor(spec));
    }));
    // A choice that depends on another option (a codec on the format) offers only what fits it.
    for (const { spec, element } of controls.values()) {
      const dependency = spec.depends_on;
      const on = dependency && controls.get(dependency.option);
      if (!on) continue;
      const update = () => {
        const chosen = on.element.value || on.spec.default;
        const allowed = dependency.values[chosen] ?? spec.values;
        const kept = allowed.includes(element.value) ? element.value : "";
        const replacement = control(spec, allowed);
        element.replaceChildren(...replacement.children);
        element.value = kept;
      };
      on.element.addEventListener("change", update);
      update();
    }
  }
  const outputField = field("job-output", "Output", output, "An s3:// address in your storage; {id}, {date}, {filename} and {ext} are filled in. Left empty, the result is kept on this server.");
  kind.addEventListener("change", drawOptions);
  drawOptions();

  const form = h("form", { class: "stack", id: "new-job", method: "post" },
    error,
    field("job-input", "Input URL", input, "An http(s) or s3:// address of a video, audio or image file that the server can fetch."),
    field("job-kind", "Kind", kind, "What to make of it."),
    options,
    h("details", {},
      h("summary", {}, "Output to your storage (optional)"),
      h("div", { class: "stack" },
        outputField,
        field("job-connection", "Connection", connection, "The storage connection to write with."))),
    field("job-metadata", "Metadata (optional)", metadata, "A JSON object, stored with the job and returned as given."),
    h("div", {}, submit));
  main.append(form);

  api("GET", "/connections").then(({ data }) => {
    for (const c of data) connection.append(h("option", { value: c.id }, `${c.name}${c.is_default ? " (default)" : ""}`));
  }).catch(() => {});

  function refuse(failure) {
    fill(error, errorBox(failure, "The job was not created"));
    error.focus();
    // Mark the field the message names.
    const message = failure.message ?? "";
    for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
    let target = null;
    if (["input_required", "invalid_input"].includes(failure.kind)) target = input;
    else if (failure.kind === "invalid_format") target = controls.get("format")?.element;
    else if (failure.kind === "invalid_codec") target = controls.get("codec")?.element;
    else {
      for (const [name, { element }] of controls) {
        if (new RegExp(`(^|options\\.|')${name}\\b`).test(message)) { target = element; break; }
      }
    }
    if (!target && /^workflow/.test(message)) target = steps;
    if (!target && /metadata/.test(message)) target = metadata;
    if (!target && /output|connection/.test(message)) target = output;
    target?.setAttribute("aria-invalid", "true");
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { input: input.value.trim() };
    if (kind.value === "workflow") {
      try {
        body.workflow = JSON.parse(steps.value);
      } catch {
        refuse({ kind: "invalid_request", message: "workflow must be a JSON array of steps, like [{\"kind\": \"video\", \"ref\": \"web\"}]" });
        return;
      }
    } else {
      body.kind = kind.value;
      body.options = {};
      for (const [name, { spec, element }] of controls) {
        const value = read(spec, element);
        if (value !== undefined) body.options[name] = value;
      }
      if (output.value.trim()) body.output = output.value.trim();
    }
    if (connection.value) body.connection_id = connection.value;
    if (metadata.value.trim()) {
      try {
        body.metadata = JSON.parse(metadata.value);
        if (typeof body.metadata !== "object" || Array.isArray(body.metadata) || body.metadata === null) throw new Error();
      } catch {
        refuse({ kind: "invalid_request", message: "metadata must be a JSON object, like {\"order\": 42}" });
        return;
      }
    }
    submit.disabled = true;
    try {
      const { data } = await api("POST", "/jobs", body);
      location.hash = `#/jobs/${data.id}`;
    } catch (failure) {
      refuse(failure);
    } finally {
      submit.disabled = false;
    }
  });
}
"""#
}
