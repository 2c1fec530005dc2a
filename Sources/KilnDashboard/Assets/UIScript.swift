/// `ui.js`: building elements (text only, never HTML from data), formatting, status badges,
/// errors in plain words, announcements for screen readers and polling that rests while the tab
/// is hidden.
enum UIScript {
    static let text = #"""
/// An element with attributes (`on…` are listeners) and children (strings become text).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/// Replaces an element's children.
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/// Starts a page: its title, a link back (`[href, text]`) and its heading, which takes focus so
/// screen readers start there. The view appends the rest to `main`.
export function page(main, title, back) {
  document.title = `${title} · Kiln`;
  const heading = h("h1", { tabindex: "-1" }, title);
  fill(main, back ? h("p", { class: "back" }, h("a", { href: back[0] }, "← ", back[1])) : null, heading);
  heading.focus();
  return heading;
}

/// Says `text` to screen readers without moving focus.
export function announce(text) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 50);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function time(ms) {
  if (ms === null || ms === undefined) return "—";
  const date = new Date(ms);
  return h("time", { datetime: date.toISOString() }, dateFormat.format(date));
}

export function duration(ms) {
  if (ms === null || ms === undefined || ms < 0) return "—";
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/// How long something took: from `started` to `finished`, or to now while it runs.
export function took(started, finished) {
  if (!started) return "—";
  return duration((finished ?? Date.now()) - started);
}

export function bytes(count) {
  if (count === null || count === undefined) return "—";
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = count, unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export function humanize(name) {
  const text = String(name).replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function badge(status) {
  return h("span", { class: `badge status-${status}` }, humanize(status));
}

/// A progress bar with its number, labelled for screen readers.
export function progress(percent, label) {
  if (percent === null || percent === undefined) return null;
  return h("span", {},
    h("progress", { max: "100", value: String(percent), "aria-label": label }),
    h("span", { class: "percent", "aria-hidden": "true" }, `${percent}%`));
}

export function shortID(id) {
  return id ? id.replace(/^(\w+_)(\w{6})\w+(\w{4})$/, "$1$2…$3") : "";
}

/// The last part of a URL's path, to name an input or output briefly.
export function fileName(url) {
  if (!url) return "—";
  try {
    const parts = new URL(url).pathname.split("/").filter(Boolean);
    return decodeURIComponent(parts.at(-1) ?? url);
  } catch {
    return url;
  }
}

const plainWords = {
  input_unreachable: "Kiln could not download the input.",
  input_forbidden: "The input is on a private or local address, which this server does not fetch from.",
  input_too_large: "The input is larger than this server accepts.",
  input_not_media: "The input is not a video, audio or image file that Kiln can read.",
  unsupported_media: "This input cannot make this kind of result.",
  encode_failed: "ffmpeg could not convert the input.",
  export_failed: "The result could not be stored.",
  connection_required: "A storage connection is needed for this s3:// address.",
  worker_lost: "The job was interrupted too many times: the machine running it stopped.",
  options_unreadable: "This version of Kiln cannot read the job's stored options.",
  kind_unavailable: "This server cannot run this kind of task.",
  cancelled: "It was cancelled.",
  internal_error: "Something went wrong inside Kiln.",
  unreachable: "Kiln could not be reached.",
};

/// An error as a box: what happened in plain words, then the server's own message and code.
export function errorBox(error, heading = "What went wrong") {
  if (!error) return null;
  const summary = plainWords[error.kind];
  return h("div", { class: "alert", role: "alert" },
    h("h2", {}, heading),
    h("p", {}, summary ?? error.message),
    summary && error.message ? h("p", {}, error.message) : null,
    h("p", { class: "hint" }, "Error code: ", h("code", {}, error.kind)));
}

/// A list's row buttons: `act(request, done)` sends `request`, then clears `error`, reloads the
/// list with `load` and announces `done`; a refusal shows in `error`. The connections and
/// webhooks pages act on their rows alike, so they share this one.
export function actions(error, load) {
  return async (request, done) => {
    try {
      await request();
      fill(error);
      await load();
      announce(done);
    } catch (failure) {
      fill(error, errorBox(failure, "That did not work"));
    }
  };
}

/// Calls `tick` every `ms` until stopped, resting while the tab is hidden (phones, battery).
export function poll(tick, ms) {
  let timer = null, stopped = false, running = false;
  const run = async () => {
    if (stopped || running || document.hidden) return;
    running = true;
    try { await tick(); } catch { /* the view shows its own errors */ }
    running = false;
  };
  const visibility = () => { if (!document.hidden) run(); };
  timer = setInterval(run, ms);
  document.addEventListener("visibilitychange", visibility);
  return () => {
    stopped = true;
    clearInterval(timer);
    document.removeEventListener("visibilitychange", visibility);
  };
}

/// Newer/older buttons for a cursor-paged list in newest-first order; `go(cursor)` loads a page.
export function pager(label, items, hasMore, cursor, go) {
  const first = items[0]?.id, last = items.at(-1)?.id;
  // Which way another page is depends on how this one was reached.
  const newer = cursor.before ? hasMore : !!cursor.after;
  const older = cursor.before ? true : hasMore;
  return h("nav", { class: "pager", "aria-label": label },
    h("button", { type: "button", class: "secondary", disabled: !(newer && first), onclick: () => go({ before: first }) }, "← Newer"),
    h("button", { type: "button", class: "secondary", disabled: !(older && last), onclick: () => go({ after: last }) }, "Older →"));
}

/// The route's query (`#/jobs?kind=video`) as an object.
export function hashQuery() {
  const hash = location.hash.slice(1);
  const index = hash.indexOf("?");
  return Object.fromEntries(new URLSearchParams(index < 0 ? "" : hash.slice(index + 1)));
}

/// A label and control, with its hint tied to it for screen readers.
export function field(id, label, control, hint) {
  const hintID = hint ? `${id}-hint` : null;
  if (hintID) control.setAttribute("aria-describedby", hintID);
  control.id = id;
  const isCheck = control.type === "checkbox";
  return h("div", { class: isCheck ? "field check" : "field" },
    isCheck ? control : null,
    h("label", { for: id }, label),
    isCheck ? null : control,
    hint ? h("p", { class: "hint", id: hintID }, hint) : null);
}

/// A select of `values` (shown by `label`), with a first empty choice when `emptyLabel` is given.
export function select(values, selected, emptyLabel, label = humanize) {
  return h("select", {},
    emptyLabel !== undefined ? h("option", { value: "" }, emptyLabel) : null,
    values.map((value) => h("option", { value, selected: value === selected }, label(value))));
}

/// An option's value as written in the API, made readable: `very_high` → `very high`.
export function optionValue(value) {
  return String(value).replaceAll("_", " ");
}
"""#
}
