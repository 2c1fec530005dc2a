/// `connections.js`: the project's storage connections: add one, make one the default, remove
/// one. A secret goes to the server once, from a password field that is then cleared; the
/// server never sends it back, so it is never shown.
enum ConnectionsScript {
    static let text = #"""
import { api } from "./api.js";
import { h, page, fill, field, time, errorBox, announce, actions } from "./ui.js";

export async function render(main) {
  page(main, "Connections");
  main.append(h("p", {}, "Credentials for your own S3-compatible storage (AWS S3, Cloudflare R2, MinIO…), for jobs whose output or input is an s3:// address."));
  const error = h("div");
  const tbody = h("tbody");
  const table = h("table", { class: "cards", id: "connections" },
    h("caption", {}, "The project's connections. Secrets are stored encrypted and never shown."),
    h("thead", {}, h("tr", {}, ["Name", "Endpoint", "Region", "Access key ID", "Default", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
    tbody);

  async function load() {
    const { data } = await api("GET", "/connections");
    fill(tbody, data.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: "6" }, "No connections yet."))
      : data.map((c) => h("tr", { dataset: { id: c.id } },
        h("th", { scope: "row", "data-label": "Name" }, c.name, h("br"), h("code", { class: "hint" }, c.id)),
        h("td", { "data-label": "Endpoint" }, h("code", {}, c.endpoint)),
        h("td", { "data-label": "Region" }, c.region),
        h("td", { "data-label": "Access key ID" }, h("code", {}, c.access_key_id)),
        h("td", { "data-label": "Default" }, c.is_default ? h("span", { class: "badge status-succeeded" }, "Default") : "—"),
        h("td", { "data-label": "Actions" }, h("div", { class: "toolbar" },
          c.is_default ? null : h("button", { type: "button", class: "secondary", "aria-label": `Make ${c.name} the default`, onclick: () => act(() => api("PATCH", `/connections/${c.id}`, { is_default: true }), `${c.name} is now the default.`) }, "Make default"),
          h("button", { type: "button", class: "danger", "aria-label": `Remove ${c.name}`, onclick: () => {
            if (confirm(`Remove the connection ${c.name}? Jobs that name it will fail to store their results.`)) act(() => api("DELETE", `/connections/${c.id}`), `${c.name} was removed.`);
          } }, "Remove"))))));
  }

  const act = actions(error, load);

  const name = h("input", { type: "text", required: true, autocomplete: "off" });
  const endpoint = h("input", { type: "url", autocomplete: "off", placeholder: "https://s3.us-east-1.amazonaws.com" });
  const region = h("input", { type: "text", autocomplete: "off", placeholder: "us-east-1" });
  const accessKey = h("input", { type: "text", required: true, autocomplete: "off", spellcheck: "false" });
  const secret = h("input", { type: "password", required: true, autocomplete: "new-password", spellcheck: "false" });
  const pathStyle = h("input", { type: "checkbox" });
  const makeDefault = h("input", { type: "checkbox" });
  const formError = h("div", { tabindex: "-1" });
  const form = h("form", { class: "stack", id: "add-connection", method: "post" },
    formError,
    field("connection-name", "Name", name),
    field("connection-endpoint", "Endpoint (optional)", endpoint, "Left empty: AWS S3 in the region."),
    field("connection-region", "Region (optional)", region, "Default us-east-1."),
    field("connection-access-key", "Access key ID", accessKey),
    field("connection-secret", "Secret access key", secret, "Sent once and stored encrypted; it is never shown again."),
    field("connection-path-style", "Path-style addresses (MinIO and the like)", pathStyle),
    field("connection-default", "Make it the default", makeDefault, "The first connection of a project is its default anyway."),
    h("div", {}, h("button", { type: "submit" }, "Add connection")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { kind: "s3", name: name.value.trim(), access_key_id: accessKey.value.trim(), secret_access_key: secret.value, force_path_style: pathStyle.checked };
    if (endpoint.value.trim()) body.endpoint = endpoint.value.trim();
    if (region.value.trim()) body.region = region.value.trim();
    if (makeDefault.checked) body.is_default = true;
    try {
      await api("POST", "/connections", body);
      form.reset();
      fill(formError);
      await load();
      announce(`The connection ${body.name} was added.`);
    } catch (failure) {
      fill(formError, errorBox(failure, "The connection was not added"));
      formError.focus();
    } finally {
      secret.value = "";
    }
  });

  main.append(error, table, h("h2", {}, "Add a connection"), form);
  try { await load(); } catch (failure) { fill(error, errorBox(failure, "The connections could not be loaded")); }
}
"""#
}
