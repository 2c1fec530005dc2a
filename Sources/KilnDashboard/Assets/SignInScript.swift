/// `signin.js`: asks for an API key and keeps it for this tab only once the server accepts it.
enum SignInScript {
    static let text = #"""
import { api, session } from "./api.js";
import { h, page, fill, field } from "./ui.js";

export function render(main, _params, reason) {
  page(main, "Sign in");
  main.classList.add("signin");
  // No `name`: even if the form were ever submitted natively, the key could not land in an address.
  const key = h("input", { type: "password", autocomplete: "off", spellcheck: "false", required: true, autocapitalize: "off" });
  const error = h("div", { class: "alert", role: "alert", id: "signin-error" });
  const button = h("button", { type: "submit" }, "Sign in");
  const form = h("form", { class: "stack", method: "post", "aria-describedby": "signin-about" },
    field("api-key", "API key", key),
    h("p", { class: "hint", id: "signin-about" },
      "The key stays in this browser tab only and is sent to this server with each request. Closing the tab signs you out."),
    error, h("div", {}, button));
  if (reason) fill(error, h("p", {}, reason));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = key.value.trim();
    if (!value) { fill(error, h("p", {}, "Enter an API key.")); key.focus(); return; }
    button.disabled = true;
    fill(error);
    try {
      await api("GET", "/jobs?limit=1", undefined, value);
      session.signIn(value);
      key.value = "";
      // The router draws the jobs: on the change of address, or at once when it stays the same.
      if (location.hash === "#/jobs") window.dispatchEvent(new Event("kiln:signed-in"));
      else location.hash = "#/jobs";
    } catch (failure) {
      fill(error, h("p", {}, failure.status === 401 ? "That key was refused: it is unknown, mistyped or revoked." : failure.message));
      key.setAttribute("aria-invalid", "true");
      key.focus();
      key.select();
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  key.focus();
  return () => main.classList.remove("signin");
}
"""#
}
