/// `events.js`: what happened to the project's jobs and tasks, newest first, filtered by kind and
/// job, a page at a time; an event's page with what it carried and every attempt to deliver it
/// to a webhook, and a button to deliver it again.
enum EventsScript {
    static let text = #"""
import { api, query } from "./api.js";
import { h, page, fill, field, select, badge, time, duration, fileName, shortID, pager, hashQuery, poll, errorBox, announce } from "./ui.js";
import { EVENT_KINDS } from "./webhooks.js";
import { replaceRows } from "./jobs.js";

/// The job or task an event is about, as a link.
function subject(data) {
  if (!data?.id) return "—";
  const href = data.object === "job" ? `#/jobs/${data.id}` : data.job_id ? `#/jobs/${data.job_id}` : `#/tasks/${data.id}`;
  return h("a", { href, title: data.id }, h("code", {}, shortID(data.id)));
}

export async function renderList(main) {
  const params = hashQuery();
  const filters = { kind: params.kind ?? "", job_id: params.job_id ?? "" };
  const cursor = { after: params.after, before: params.before };
  page(main, "Events");
  main.append(h("p", {}, "Every change to a job or task, recorded with the change; webhooks deliver them."));
  const go = (changes) => { location.hash = "#/events" + query({ ...filters, ...changes }); };
  const kind = select(EVENT_KINDS, filters.kind, "Any kind", (k) => k);
  kind.addEventListener("change", () => go({ kind: kind.value }));
  const jobID = h("input", { type: "search", value: filters.job_id, placeholder: "job_…", autocomplete: "off", spellcheck: "false" });
  jobID.addEventListener("change", () => go({ job_id: jobID.value.trim() }));
  const filterForm = h("form", { class: "filters", role: "search", "aria-label": "Filter events", onsubmit: (e) => { e.preventDefault(); go({ job_id: jobID.value.trim() }); } },
    field("filter-kind", "Kind", kind), field("filter-job", "Job ID", jobID));
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "events" },
    h("caption", {}, "Newest first. New events appear by themselves."),
    h("thead", {}, h("tr", {}, ["Event", "Kind", "About", "Status", "Created"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);
  const error = h("div");
  const pagerSlot = h("div");
  main.append(filterForm, error, table, pagerSlot);

  let shown = "";
  async function load() {
    const { data: events, hasMore } = await api("GET", "/events" + query({ ...filters, ...cursor, limit: 20 }));
    fill(error);
    const text = JSON.stringify(events.map((e) => e.id)) + hasMore;
    if (text === shown) return;
    shown = text;
    replaceRows(tbody, events.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: "5" }, filters.kind || filters.job_id ? "No events match these filters." : "No events yet: they come as jobs and tasks change."))
      : events.map((event) => h("tr", { dataset: { id: event.id, kind: event.kind } },
        h("td", { "data-label": "Event" }, h("a", { href: `#/events/${event.id}`, title: event.id }, h("code", {}, shortID(event.id)))),
        h("td", { "data-label": "Kind" }, h("code", {}, event.kind)),
        h("td", { "data-label": "About" }, event.data?.object ?? "", " ", subject(event.data)),
        h("td", { "data-label": "Status" }, event.data?.status ? badge(event.data.status) : "—"),
        h("td", { "data-label": "Created" }, time(event.created_at)))));
    fill(pagerSlot, pager("Pages of events", events, hasMore, cursor, go));
  }
  try {
    await load();
  } catch (failure) {
    fill(error, errorBox(failure, failure.status === 400 ? "These filters are not valid" : "The events could not be loaded"));
  }
  return poll(load, 2000);
}

export async function renderEvent(main, params) {
  const id = params.id;
  page(main, `Event ${shortID(id)}`, ["#/events", "Events"]);
  const facts = h("div", { class: "panel", id: "event-facts" });
  const actions = h("div", { class: "toolbar" });
  const error = h("div");
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "attempts" },
    h("caption", {}, "Every attempt to deliver the event, oldest first. A 2xx within 10 seconds is a delivery."),
    h("thead", {}, h("tr", {}, ["Time", "Endpoint", "Status code", "Duration", "Error"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);
  const raw = h("pre");
  main.append(error, facts, actions,
    h("section", { "aria-labelledby": "attempts-heading" }, h("h2", { id: "attempts-heading" }, "Delivery attempts"), table),
    h("details", {}, h("summary", {}, "The event as delivered (JSON)"), raw));

  let shown = "";
  function draw(event) {
    const text = JSON.stringify(event);
    if (text === shown) return;
    shown = text;
    const data = event.data ?? {};
    fill(facts, h("dl", { class: "facts" },
      h("dt", {}, "Event ID"), h("dd", {}, h("code", {}, event.id)),
      h("dt", {}, "Kind"), h("dd", {}, h("code", {}, event.kind)),
      h("dt", {}, "Created"), h("dd", {}, time(event.created_at)),
      h("dt", {}, data.object === "task" ? "Task" : "Job"), h("dd", {}, subject(data)),
      data.kind ? [h("dt", {}, "Its kind"), h("dd", {}, data.kind)] : null,
      data.status ? [h("dt", {}, "Its status"), h("dd", {}, badge(data.status))] : null,
      data.input ? [h("dt", {}, "Input"), h("dd", { title: data.input }, fileName(data.input))] : null,
      data.output ? [h("dt", {}, "Output"), h("dd", { title: String(data.output) }, typeof data.output === "string" ? fileName(data.output) : h("code", {}, JSON.stringify(data.output)))] : null,
      data.error ? [h("dt", {}, "Error"), h("dd", {}, h("code", {}, data.error.kind), ": ", data.error.message)] : null));
    raw.textContent = JSON.stringify(event, (key, value) => key === "attempts" ? undefined : value, 2);
    const attempts = event.attempts ?? [];
    replaceRows(tbody, attempts.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: "5" }, "No delivery attempts: no endpoint or webhook_url took this event, or it is still on its way."))
      : attempts.map((a) => {
        const ok = a.status_code !== null && a.status_code >= 200 && a.status_code < 300;
        return h("tr", { dataset: { status: a.status_code ?? "", endpoint: a.endpoint_id ?? "" } },
          h("td", { "data-label": "Time" }, time(a.at)),
          h("td", { "data-label": "Endpoint" }, h("code", {}, a.url), a.endpoint_id ? [h("br"), h("code", { class: "hint" }, a.endpoint_id)] : h("p", { class: "hint" }, "The job's webhook_url")),
          h("td", { "data-label": "Status code" }, h("span", { class: `badge ${ok ? "status-succeeded" : "status-failed"}` }, a.status_code ?? "none")),
          h("td", { "data-label": "Duration" }, duration(a.duration_ms)),
          h("td", { "data-label": "Error" }, a.error ?? "—"));
      }));
  }

  async function load() {
    const { data } = await api("GET", `/events/${encodeURIComponent(id)}`);
    draw(data);
  }

  async function redeliver(event) {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const { data } = await api("POST", `/events/${encodeURIComponent(id)}/redeliver`);
      fill(error);
      draw(data);
      announce("The event was queued for delivery again. New attempts appear below.");
    } catch (failure) {
      fill(error, errorBox(failure, "The event was not redelivered"));
    } finally {
      button.disabled = false;
    }
  }

  try {
    await load();
  } catch (failure) {
    fill(error, errorBox(failure, failure.status === 404 ? "There is no such event in this project" : "The event could not be loaded"));
    return () => {};
  }
  fill(actions, h("button", { type: "button", class: "secondary", id: "redeliver", onclick: redeliver }, "Redeliver"),
    h("span", { class: "hint" }, "Sends it again to the endpoints that take it now, with the same webhook-id."));
  // Deliveries happen in the background: their attempts show as they are made.
  return poll(load, 2000);
}
"""#
}
