/// `job.js`: one job: its status and progress, why it failed in plain words, a preview of its
/// result, its tasks with their timings, and the probe's account of the input. While the job runs
/// it follows the job's event stream (`GET /jobs/{id}/events`), and polls when the stream cannot be
/// had; each part is redrawn only when it changed, so focus and the player stay put.
enum JobScript {
    static let text = #"""
import { api, stream } from "./api.js";
import { h, page, fill, badge, progress, time, took, fileName, shortID, poll, errorBox, announce, humanize } from "./ui.js";
import { preview, fileFacts } from "./media.js";
import { jobProgress, replaceRows } from "./jobs.js";

const running = (status) => status === "queued" || status === "processing";

/// A part of the page that redraws only when what it shows changed.
function part(element, draw) {
  let shown;
  return (value) => {
    const text = JSON.stringify(value);
    if (text === shown) return;
    shown = text;
    fill(element, draw(value));
  };
}

/// Which piece of a chunked encode a `video_chunk` task is: its number, the step it is a piece of
/// (by ref in a workflow), and its span of the input.
function pieceOf(task, tasks) {
  const o = task.kind === "video_chunk" ? task.options ?? {} : {};
  if (typeof o.index !== "number") return null;
  const encode = tasks.find((t) => t.id === o.encode);
  const of = encode ? ` of ${encode.ref ?? encode.kind}` : "";
  return [" ", h("span", { class: "hint" }, `piece ${o.index + 1}${of}, ${o.start.toFixed(1)}–${o.end.toFixed(1)} s`)];
}

export function taskRows(tasks) {
  return tasks.map((task) => h("tr", { dataset: { kind: task.kind, status: task.status } },
    h("th", { scope: "row", "data-label": "Task" }, task.kind, task.ref ? [" ", h("span", { class: "ref" }, task.ref)] : null, pieceOf(task, tasks), h("br"),
      h("code", { class: "hint", title: task.id }, shortID(task.id))),
    h("td", { "data-label": "Status" }, badge(task.status)),
    h("td", { "data-label": "Progress" }, progress(task.progress, `Progress of the ${task.kind} task`) ?? "—"),
    h("td", { "data-label": "Started" }, time(task.started_at)),
    h("td", { "data-label": "Took" }, took(task.started_at, task.finished_at)),
    h("td", { "data-label": "Error" }, task.error ? [h("code", {}, task.error.kind), ": ", task.error.message] : "—")));
}

export function tasksTable(caption) {
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "tasks" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ["Task", "Status", "Progress", "Started", "Took", "Error"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);
  return { table, tbody };
}

export async function render(main, params) {
  const id = params.id;
  page(main, `Job ${shortID(id)}`, ["#/jobs", "Jobs"]);
  const summary = h("div", { class: "summary", id: "job-summary", "aria-live": "polite" });
  const actions = h("div", { class: "toolbar" });
  const errorSlot = h("div", { id: "job-error" });
  const facts = h("div", { class: "panel" });
  const previewSection = h("section", { "aria-labelledby": "result-heading", hidden: true },
    h("h2", { id: "result-heading" }, "Result"));
  const previewSlot = h("div", { id: "preview" });
  previewSection.append(previewSlot);
  const { table, tbody } = tasksTable("Each step of the job, in order.");
  const probeSlot = h("div"), resultSlot = h("div");
  main.append(summary, actions, errorSlot,
    h("section", { "aria-labelledby": "about-heading" }, h("h2", { id: "about-heading", class: "visually-hidden" }, "About this job"), facts),
    previewSection,
    h("section", { "aria-labelledby": "tasks-heading" }, h("h2", { id: "tasks-heading" }, "Tasks"), table),
    h("div", { class: "two" },
      h("section", { "aria-labelledby": "input-heading" }, h("h2", { id: "input-heading" }, "Input"), probeSlot),
      h("section", { "aria-labelledby": "output-heading" }, h("h2", { id: "output-heading" }, "Output"), resultSlot)));

  const drawSummary = part(summary, (job) => [
    badge(job.status), progress(jobProgress(job), "Progress of the job"),
    job.status === "queued" ? h("span", {}, "Waiting for ", took(job.created_at, null))
      : h("span", {}, job.status === "processing" ? "Running for " : "Took ", took(job.started_at ?? job.created_at, job.finished_at)),
  ]);
  const drawActions = part(actions, (status) => running(status)
    ? h("button", { type: "button", class: "danger", id: "cancel-job", onclick: cancel }, "Cancel job") : null);
  const drawError = part(errorSlot, (error) => errorBox(error, "Why it failed"));
  const drawFacts = part(facts, (job) => h("dl", { class: "facts" },
    h("dt", {}, "Job ID"), h("dd", {}, h("code", {}, job.id)),
    h("dt", {}, "Kind"), h("dd", {}, job.kind),
    h("dt", {}, "Input"), h("dd", {}, /^https?:/.test(job.input) ? h("a", { href: job.input, rel: "noreferrer" }, job.input) : h("code", {}, job.input)),
    h("dt", {}, "Output"), h("dd", {}, job.output ? (/^https?:/.test(job.output) ? h("a", { href: job.output }, job.output) : h("code", {}, job.output)) : "—"),
    h("dt", {}, "Created"), h("dd", {}, time(job.created_at)),
    h("dt", {}, "Started"), h("dd", {}, time(job.started_at)),
    h("dt", {}, "Finished"), h("dd", {}, time(job.finished_at)),
    job.workflow ? [h("dt", {}, "Workflow"), h("dd", {}, h("code", {}, JSON.stringify(job.workflow)))]
      : [h("dt", {}, "Options"), h("dd", {}, Object.keys(job.options ?? {}).length ? h("code", {}, JSON.stringify(job.options)) : "defaults")],
    Object.keys(job.outputs ?? {}).length ? [h("dt", {}, "Results"), h("dd", {}, h("ul", { class: "results", id: "job-outputs" },
      Object.entries(job.outputs).map(([ref, url]) => h("li", { dataset: { ref } }, h("span", { class: "ref" }, ref), " ",
        /^https?:/.test(url) ? h("a", { href: url }, url) : h("code", {}, url)))))] : null,
    Object.keys(job.metadata ?? {}).length ? [h("dt", {}, "Metadata"), h("dd", {}, h("code", {}, JSON.stringify(job.metadata)))] : null,
    h("dt", {}, "Events"), h("dd", {}, h("a", { href: `#/events?job_id=${encodeURIComponent(job.id)}`, id: "job-events" }, "What happened to it, and its webhook deliveries"))));
  const drawPreview = part(previewSlot, ({ output, file }) => preview(output, file));
  const drawProbe = part(probeSlot, (file) => fileFacts(file) ?? h("p", { class: "hint" }, "Known once the probe task has run."));
  const drawResult = part(resultSlot, (file) => fileFacts(file) ?? h("p", { class: "hint" }, "Known once the job has succeeded."));
  let shownTasks = "";

  // `stop` ends everything when the user moves on; `stopPolling` only the polling.
  let job = null, stop = () => {}, stopPolling = () => {};
  function draw(next) {
    const before = job?.status;
    job = { ...next, tasks: next.tasks ?? job?.tasks ?? [] };
    drawSummary(job);
    drawActions(job.status);
    drawError(job.status === "failed" ? job.error : null);
    drawFacts(job);
    const encode = job.tasks.find((t) => !["probe", "import", "export"].includes(t.kind));
    const exported = job.tasks.find((t) => t.kind === "export");
    const probe = job.tasks.find((t) => t.kind === "probe");
    if (job.status === "succeeded" && job.output) {
      previewSection.hidden = false;
      drawPreview({ output: job.output, file: exported?.output ?? encode?.output });
    }
    drawProbe(probe?.output ?? null);
    drawResult(exported?.output ?? encode?.output ?? null);
    const tasksText = JSON.stringify(job.tasks);
    if (tasksText !== shownTasks) { shownTasks = tasksText; replaceRows(tbody, taskRows(job.tasks)); }
    if (before && before !== job.status) announce(`The job ${humanize(job.status).toLowerCase()}.`);
    if (!running(job.status)) stopPolling();
  }

  async function load() {
    const { data } = await api("GET", `/jobs/${encodeURIComponent(id)}`);
    draw(data);
  }

  async function cancel(event) {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const { data } = await api("POST", `/jobs/${encodeURIComponent(id)}/cancel`);
      draw(data);
      announce("The job was cancelled.");
      document.querySelector("main h1")?.focus();
    } catch (failure) {
      button.disabled = false;
      fill(errorSlot, errorBox(failure, "The job could not be cancelled"));
    }
  }

  try {
    await load();
  } catch (failure) {
    fill(errorSlot, errorBox(failure, failure.status === 404 ? "There is no such job in this project" : "The job could not be loaded"));
    return () => {};
  }
  if (running(job.status)) follow();
  return () => stop();

  /// Live status from the job's events; the polling of before when the stream fails.
  function follow() {
    const controller = new AbortController();
    let stopped = false;
    stop = () => { stopped = true; controller.abort(); stopPolling(); };
    summary.dataset.live = "stream";
    stream(`/jobs/${encodeURIComponent(id)}/events`, (event) => {
      // The stream starts with the job's first event: skip what is older than what is shown.
      const data = event.data;
      if (stopped || data?.object !== "job" || data.id !== id) return;
      if (job && (data.updated_at ?? 0) < (job.updated_at ?? 0)) return;
      draw(data);
    }, { signal: controller.signal }).then(async () => {
      // The stream ends after the job's last event: read the job once more for its results.
      if (stopped) return;
      await load().catch(() => {});
      if (!stopped && running(job.status)) fallBack();
    }, () => { if (!stopped) fallBack(); });
    function fallBack() {
      summary.dataset.live = "polling";
      stopPolling = poll(load, 1000);
    }
  }
}
"""#
}
