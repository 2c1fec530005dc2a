/// `jobs.js`: the jobs list, filtered by kind and status, a page at a time, its statuses and
/// progress kept current by polling (until the events API lands).
enum JobsScript {
    static let text = #"""
import { api, catalog, query } from "./api.js";
import { h, page, fill, field, select, badge, progress, time, fileName, shortID, pager, hashQuery, poll, errorBox } from "./ui.js";

/// The figure a job's progress is: its first unfinished task's that has one — the running encode,
/// or, while a chunked encode's pieces run, the encode's figure for them all, weighted by length
/// (each piece's own row shows its own).
export function jobProgress(job) {
  const task = (job.tasks ?? []).find((task) =>
    task.kind !== "video_chunk" && !["succeeded", "failed", "cancelled"].includes(task.status) && task.progress !== null);
  return task ? task.progress : null;
}

/// Rebuilds `tbody` from `rows`, keeping focus on the same link when it was inside.
export function replaceRows(tbody, rows) {
  const focused = tbody.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
  fill(tbody, rows);
  if (focused) tbody.querySelector(`a[href="${CSS.escape(focused)}"]`)?.focus();
}

export async function render(main) {
  const params = hashQuery();
  const filters = { kind: params.kind ?? "", status: params.status ?? "" };
  const cursor = { after: params.after, before: params.before };
  page(main, "Jobs");
  const known = await catalog();
  const go = (changes) => { location.hash = "#/jobs" + query({ ...filters, ...changes }); };
  const kind = select(known.job_kinds.map((k) => k.kind), filters.kind, "Any kind");
  const status = select(known.job_statuses, filters.status, "Any status");
  kind.addEventListener("change", () => go({ kind: kind.value }));
  status.addEventListener("change", () => go({ status: status.value }));
  const filterForm = h("form", { class: "filters", role: "search", "aria-label": "Filter jobs", onsubmit: (e) => e.preventDefault() },
    field("filter-kind", "Kind", kind), field("filter-status", "Status", status));
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "jobs" },
    h("caption", {}, "Newest first. Statuses and progress update by themselves."),
    h("thead", {}, h("tr", {}, ["Job", "Kind", "Status", "Input", "Created"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);
  const error = h("div");
  const pagerSlot = h("div");
  main.append(filterForm, h("div", { class: "toolbar" }, h("a", { class: "button", href: "#/jobs/new" }, "New job")), error, table, pagerSlot);

  let shown = "";
  async function load() {
    const { data: jobs, hasMore } = await api("GET", "/jobs" + query({ ...filters, ...cursor, limit: 20 }));
    // Progress is on a job's tasks, which the list leaves out: ask for the running ones.
    const details = await Promise.all(jobs.map((job) => job.status === "processing"
      ? api("GET", `/jobs/${encodeURIComponent(job.id)}`).then((r) => r.data).catch(() => job) : job));
    const text = JSON.stringify(details);
    fill(error);
    if (text === shown) return;
    shown = text;
    replaceRows(tbody, details.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: "5" }, filters.kind || filters.status ? "No jobs match these filters." : "No jobs yet. Create one with New job."))
      : details.map((job) => h("tr", { dataset: { id: job.id, status: job.status } },
        h("td", { "data-label": "Job" }, h("a", { href: `#/jobs/${job.id}`, title: job.id }, h("code", {}, shortID(job.id)))),
        h("td", { "data-label": "Kind" }, job.kind),
        h("td", { "data-label": "Status" }, badge(job.status), " ", progress(jobProgress(job), `Progress of ${job.id}`)),
        h("td", { "data-label": "Input" }, h("span", { title: job.input }, fileName(job.input))),
        h("td", { "data-label": "Created" }, time(job.created_at)))));
    fill(pagerSlot, pager("Pages of jobs", jobs, hasMore, cursor, go));
  }
  try {
    await load();
  } catch (failure) {
    fill(error, errorBox(failure, "The jobs could not be loaded"));
  }
  return poll(load, 2000);
}
"""#
}
