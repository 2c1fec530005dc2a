/// `tasks.js`: every task (of jobs, and standalone ones) filtered by kind and status, and the
/// page of a standalone task.
enum TasksScript {
    static let text = #"""
import { api, catalog, query } from "./api.js";
import { h, page, fill, field, select, badge, progress, time, took, shortID, pager, hashQuery, poll, errorBox, announce } from "./ui.js";
import { preview, fileFacts } from "./media.js";
import { replaceRows } from "./jobs.js";
import { taskRows, tasksTable } from "./job.js";

export async function renderList(main) {
  const params = hashQuery();
  const filters = { kind: params.kind ?? "", status: params.status ?? "" };
  const cursor = { after: params.after, before: params.before };
  page(main, "Tasks");
  const known = await catalog();
  const go = (changes) => { location.hash = "#/tasks" + query({ ...filters, ...changes }); };
  const kind = select(known.task_kinds, filters.kind, "Any kind");
  const status = select(known.task_statuses, filters.status, "Any status");
  kind.addEventListener("change", () => go({ kind: kind.value }));
  status.addEventListener("change", () => go({ status: status.value }));
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "task-list" },
    h("caption", {}, "The steps of every job and the standalone tasks, newest first."),
    h("thead", {}, h("tr", {}, ["Task", "Kind", "Status", "Of", "Created", "Took"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);
  const error = h("div"), pagerSlot = h("div");
  main.append(
    h("form", { class: "filters", role: "search", "aria-label": "Filter tasks", onsubmit: (e) => e.preventDefault() },
      field("filter-kind", "Kind", kind), field("filter-status", "Status", status)),
    error, table, pagerSlot);

  let shown = "";
  async function load() {
    const { data: tasks, hasMore } = await api("GET", "/tasks" + query({ ...filters, ...cursor, limit: 20 }));
    fill(error);
    const text = JSON.stringify(tasks);
    if (text === shown) return;
    shown = text;
    replaceRows(tbody, tasks.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: "6" }, "No tasks match."))
      : tasks.map((task) => {
        const href = task.job_id ? `#/jobs/${task.job_id}` : `#/tasks/${task.id}`;
        return h("tr", { dataset: { id: task.id, status: task.status } },
          h("td", { "data-label": "Task" }, h("a", { href, title: task.id }, h("code", {}, shortID(task.id)))),
          h("td", { "data-label": "Kind" }, task.kind),
          h("td", { "data-label": "Status" }, badge(task.status), " ", progress(task.progress, `Progress of ${task.id}`)),
          h("td", { "data-label": "Of" }, task.job_id ? ["job ", h("code", {}, shortID(task.job_id))] : "standalone"),
          h("td", { "data-label": "Created" }, time(task.created_at)),
          h("td", { "data-label": "Took" }, took(task.started_at, task.finished_at)));
      }));
    fill(pagerSlot, pager("Pages of tasks", tasks, hasMore, cursor, go));
  }
  try { await load(); } catch (failure) { fill(error, errorBox(failure, "The tasks could not be loaded")); }
  return poll(load, 2000);
}

export async function renderTask(main, params) {
  const id = params.id;
  page(main, `Task ${shortID(id)}`, ["#/tasks", "Tasks"]);
  const summary = h("div", { class: "summary", "aria-live": "polite" });
  const actions = h("div", { class: "toolbar" });
  const errorSlot = h("div");
  const { table, tbody } = tasksTable("The task.");
  const previewSlot = h("div"), factsSlot = h("div");
  main.append(summary, actions, errorSlot, table,
    h("section", { "aria-labelledby": "task-output-heading" }, h("h2", { id: "task-output-heading" }, "Output"), previewSlot, factsSlot));
  let stop = () => {}, shown = "";
  const active = (s) => !["succeeded", "failed", "cancelled"].includes(s);

  function draw(task) {
    const text = JSON.stringify(task);
    if (text === shown) return;
    shown = text;
    fill(summary, badge(task.status), progress(task.progress, "Progress of the task"), h("span", {}, task.kind));
    fill(actions, active(task.status) ? h("button", { type: "button", class: "danger", onclick: cancel }, "Cancel task") : null);
    fill(errorSlot, task.status === "failed" ? errorBox(task.error, "Why it failed") : null);
    replaceRows(tbody, taskRows([task]));
    if (task.status === "succeeded") {
      fill(previewSlot, task.output?.url && task.kind !== "probe" ? preview(task.output.url, task.output) : null);
      fill(factsSlot, fileFacts(task.output));
    }
    if (!active(task.status)) stop();
  }
  async function load() { draw((await api("GET", `/tasks/${encodeURIComponent(id)}`)).data); }
  async function cancel(event) {
    event.currentTarget.disabled = true;
    try {
      draw((await api("POST", `/tasks/${encodeURIComponent(id)}/cancel`)).data);
      announce("The task was cancelled.");
    } catch (failure) {
      fill(errorSlot, errorBox(failure, "The task could not be cancelled"));
    }
  }
  try { await load(); } catch (failure) {
    fill(errorSlot, errorBox(failure, failure.status === 404 ? "There is no such task in this project" : "The task could not be loaded"));
    return () => {};
  }
  stop = poll(load, 1000);
  if (!active(JSON.parse(shown).status)) stop();
  return () => stop();
}
"""#
}
