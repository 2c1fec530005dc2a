/// `api.js`: the one way the dashboard talks to the server. The key lives in this tab's
/// `sessionStorage` and goes out only as `Authorization: Bearer`, never in an address or a cookie.
enum APIScript {
    static let text = #"""
const KEY = "kiln.apiKey";

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  get signedIn() { return !!sessionStorage.getItem(KEY); },
  signIn(key) { sessionStorage.setItem(KEY, key); },
  signOut() { sessionStorage.removeItem(KEY); },
};

/// An answer other than 2xx, with the API's {kind, message}.
export class APIError extends Error {
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

/// Sends a request with the session's key (or `key`), and returns {data, hasMore}.
export async function api(method, path, body, key) {
  const headers = { "Accept": "application/json", "Authorization": "Bearer " + (key ?? session.key ?? "") };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit", redirect: "error",
    });
  } catch {
    throw new APIError(0, "unreachable", "Kiln could not be reached. Check that the server is running, then try again.");
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const error = new APIError(response.status, data?.kind ?? "http_error", data?.message ?? `The server answered ${response.status}.`);
    // A key revoked while signed in: back to the sign-in page, saying why.
    if (response.status === 401 && key === undefined && session.signedIn) {
      session.signOut();
      window.dispatchEvent(new CustomEvent("kiln:signed-out", { detail: error.message }));
    }
    throw error;
  }
  return { data, hasMore: response.headers.get("Has-More") === "true" };
}

/// Reads a Server-Sent Events stream (`GET …/events`) with the session's key: EventSource cannot
/// send an Authorization header, so this is fetch() and a reader, parsing `id:`/`event:`/`data:`
/// frames. Calls `onEvent({id, kind, data})` with each event's parsed data; resolves when the
/// server ends the stream, rejects when it cannot be opened or breaks. `signal` stops it.
export async function stream(path, onEvent, { signal, lastEventID } = {}) {
  const headers = { "Accept": "text/event-stream", "Authorization": "Bearer " + (session.key ?? "") };
  if (lastEventID) headers["Last-Event-ID"] = lastEventID;
  const response = await fetch(path, { headers, signal, cache: "no-store", credentials: "omit", redirect: "error" });
  if (!response.ok || !(response.headers.get("Content-Type") ?? "").startsWith("text/event-stream") || !response.body) {
    throw new APIError(response.status, "stream_unavailable", `The event stream could not be opened (${response.status}).`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "", frame = { id: null, kind: "message", data: [] };
  const dispatch = () => {
    if (frame.data.length) {
      let data = null;
      try { data = JSON.parse(frame.data.join("\n")); } catch { data = null; }
      onEvent({ id: frame.id, kind: frame.kind, data });
    }
    frame = { id: frame.id, kind: "message", data: [] };
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === "") { dispatch(); continue; }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const name = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? "" : line.slice(colon + 1);
      if (text.startsWith(" ")) text = text.slice(1);
      if (name === "id") frame.id = text;
      else if (name === "event") frame.kind = text;
      else if (name === "data") frame.data.push(text);
    }
  }
  return frame.id;
}

let catalogPromise = null;

/// The job kinds with their options and allowed values, the task kinds and the statuses: the
/// registry the API validates with.
export function catalog() {
  catalogPromise ??= fetch("/dashboard/kinds.json", { cache: "no-cache" }).then((r) => {
    if (!r.ok) throw new APIError(r.status, "catalog_unavailable", "The list of kinds could not be loaded.");
    return r.json();
  });
  catalogPromise.catch(() => { catalogPromise = null; });
  return catalogPromise;
}

/// Builds a query string from the set values of `params`.
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? "?" + text : "";
}
"""#
}
