/// `webhooks.js`: the project's webhook endpoints: subscribe a URL to event kinds, turn one off
/// and on, rotate its signing secret, delete it. A secret comes from the server only in the answer
/// of creating or rotating, so it is shown that once, with a note saying so.
enum WebhooksScript {
    static let text = #"""
import { api } from "./api.js";
import { h, page, fill, field, time, errorBox, announce, actions } from "./ui.js";

/// The event kinds an endpoint can take, and the wildcards.
export const EVENT_KINDS = [
  "job.created", "job.updated", "job.succeeded", "job.failed", "job.cancelled",
  "task.created", "task.updated", "task.succeeded", "task.failed", "task.cancelled",
];
const TOPICS = ["*", "job.*", "task.*", ...EVENT_KINDS];
const topicLabel = (topic) => topic === "*" ? "* (every event)" : topic.endsWith(".*") ? `${topic} (every ${topic.slice(0, -2)} event)` : topic;

/// The secret, once: a box with the value to copy and why it will not be seen again.
function secretBox(endpoint, what) {
  return h("div", { class: "notice secret", id: "webhook-secret", role: "status", tabindex: "-1" },
    h("h2", {}, `${what} for ${endpoint.url}`),
    h("p", {}, h("code", { id: "webhook-secret-value" }, endpoint.secret)),
    h("p", { class: "hint" }, "Copy it now: it is shown only this once. Kiln signs every delivery with it (the webhook-signature header); verify deliveries with any Standard Webhooks library."));
}

export async function render(main) {
  page(main, "Webhooks");
  main.append(h("p", {}, "Endpoints receive the project's events as signed POSTs, at least once each. What each delivery attempt got is on the ", h("a", { href: "#/events" }, "event's page"), "."));
  const secretSlot = h("div");
  const error = h("div");
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "webhooks" },
    h("caption", {}, "The project's endpoints. Secrets are shown only when they are made."),
    h("thead", {}, h("tr", {}, ["URL", "Topics", "State", "Created", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);

  async function load() {
    const { data } = await api("GET", "/webhooks/endpoints");
    fill(tbody, data.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: "5" }, "No endpoints yet."))
      : data.map((e) => h("tr", { dataset: { id: e.id, enabled: String(e.enabled) } },
        h("td", { "data-label": "URL" }, h("code", {}, e.url), e.description ? [h("br"), e.description] : null, h("br"), h("code", { class: "hint" }, e.id)),
        h("td", { "data-label": "Topics" }, e.topics.map((t, i) => [i ? ", " : "", h("code", {}, t)])),
        h("td", { "data-label": "State" }, e.enabled
          ? h("span", { class: "badge status-succeeded" }, "Enabled")
          : [h("span", { class: "badge status-cancelled" }, "Disabled"), e.disabled_reason ? h("p", { class: "hint" }, e.disabled_reason) : null]),
        h("td", { "data-label": "Created" }, time(e.created_at)),
        h("td", { "data-label": "Actions" }, h("div", { class: "toolbar" },
          h("button", { type: "button", class: "secondary", "aria-label": `${e.enabled ? "Disable" : "Enable"} ${e.url}`,
            onclick: () => act(() => api("PATCH", `/webhooks/endpoints/${e.id}`, { enabled: !e.enabled }), `${e.url} is now ${e.enabled ? "disabled" : "enabled"}.`) },
            e.enabled ? "Disable" : "Enable"),
          h("button", { type: "button", class: "secondary", "aria-label": `Rotate the secret of ${e.url}`, onclick: () => {
            if (confirm(`Make a new secret for ${e.url}? The old one keeps signing beside it for 24 hours.`)) rotate(e);
          } }, "Rotate secret"),
          h("button", { type: "button", class: "danger", "aria-label": `Delete ${e.url}`, onclick: () => {
            if (confirm(`Delete the endpoint ${e.url}? It will receive nothing more.`)) act(() => api("DELETE", `/webhooks/endpoints/${e.id}`), `${e.url} was deleted.`);
          } }, "Delete"))))));
  }

  const act = actions(error, load);

  async function rotate(endpoint) {
    try {
      const { data } = await api("POST", `/webhooks/endpoints/${endpoint.id}/rotate-secret`);
      fill(error);
      showSecret(data, "The new secret");
      await load();
    } catch (failure) {
      fill(error, errorBox(failure, "The secret was not rotated"));
    }
  }

  function showSecret(endpoint, what) {
    fill(secretSlot, secretBox(endpoint, what));
    secretSlot.firstChild.focus();
    announce(`${what} is shown once, below the heading.`);
  }

  const url = h("input", { type: "url", required: true, autocomplete: "off", placeholder: "https://example.com/kiln-hook" });
  const description = h("input", { type: "text", autocomplete: "off", maxlength: "500" });
  const boxes = TOPICS.map((topic) => ({ topic, box: h("input", { type: "checkbox", value: topic, name: "topics" }) }));
  const topicsHint = h("p", { class: "hint", id: "webhook-topics-hint" }, "Pick at least one. A wildcard takes every kind it names.");
  const topics = h("fieldset", { id: "webhook-topics", "aria-describedby": "webhook-topics-hint" },
    h("legend", {}, "Topics"), topicsHint,
    h("div", { class: "options-grid" }, boxes.map(({ topic, box }) => field(`topic-${topic.replace("*", "all").replaceAll(".", "-")}`, topicLabel(topic), box))));
  const formError = h("div", { tabindex: "-1" });
  const form = h("form", { class: "stack", id: "add-webhook", method: "post" },
    formError,
    field("webhook-url", "URL", url, "http or https; Kiln POSTs each event here."),
    topics,
    field("webhook-description", "Description (optional)", description),
    h("div", {}, h("button", { type: "submit" }, "Add endpoint")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = boxes.filter(({ box }) => box.checked).map(({ topic }) => topic);
    if (chosen.length === 0) {
      fill(formError, errorBox({ kind: "invalid_request", message: "Pick at least one topic." }, "The endpoint was not added"));
      formError.focus();
      return;
    }
    const body = { url: url.value.trim(), topics: chosen };
    if (description.value.trim()) body.description = description.value.trim();
    try {
      const { data } = await api("POST", "/webhooks/endpoints", body);
      form.reset();
      fill(formError);
      await load();
      showSecret(data, "The signing secret");
    } catch (failure) {
      fill(formError, errorBox(failure, "The endpoint was not added"));
      formError.focus();
    }
  });

  main.append(secretSlot, error, table, h("h2", {}, "Add an endpoint"), form);
  try { await load(); } catch (failure) { fill(error, errorBox(failure, "The endpoints could not be loaded")); }
}
"""#
}
