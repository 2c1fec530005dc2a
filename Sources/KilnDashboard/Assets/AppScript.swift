/// `app.js`: the router. The address's fragment names the page (`#/jobs/job_…`); each page draws
/// into a fresh container, so a page still loading when the user moves on draws nowhere.
enum AppScript {
    static let text = #"""
import { session } from "./api.js";
import { h, fill, errorBox } from "./ui.js";
import * as signin from "./signin.js";
import * as jobs from "./jobs.js";
import * as job from "./job.js";
import * as newJob from "./new-job.js";
import * as tasks from "./tasks.js";
import * as connections from "./connections.js";
import * as events from "./events.js";
import * as webhooks from "./webhooks.js";

const routes = [
  [/^\/(jobs)?$/, "jobs", jobs.render],
  [/^\/jobs\/new$/, "new", newJob.render],
  [/^\/jobs\/(?<id>job_[0-9A-Za-z]+)$/, "jobs", job.render],
  [/^\/tasks$/, "tasks", tasks.renderList],
  [/^\/tasks\/(?<id>task_[0-9A-Za-z]+)$/, "tasks", tasks.renderTask],
  [/^\/connections$/, "connections", connections.render],
  [/^\/events$/, "events", events.renderList],
  [/^\/events\/(?<id>evt_[0-9A-Za-z_]+)$/, "events", events.renderEvent],
  [/^\/webhooks$/, "webhooks", webhooks.render],
];

const main = document.getElementById("main");
const nav = document.getElementById("nav");
let cleanup = null;

async function route(reason) {
  cleanup?.();
  cleanup = null;
  const container = h("div");
  fill(main, container);
  nav.hidden = !session.signedIn;
  if (!session.signedIn) {
    cleanup = signin.render(container, {}, reason);
    return;
  }
  const path = location.hash.slice(1).split("?")[0] || "/";
  const found = routes.map(([pattern, section, view]) => ({ match: pattern.exec(path), section, view })).find((r) => r.match);
  for (const link of nav.querySelectorAll("a")) {
    if (found && link.dataset.section === found.section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (!found) {
    document.title = "Not found · Kiln";
    fill(container, h("h1", { tabindex: "-1" }, "There is no such page"), h("p", {}, h("a", { href: "#/jobs" }, "Go to the jobs")));
    container.querySelector("h1").focus();
    return;
  }
  try {
    const stop = await found.view(container, found.match.groups ?? {});
    // Stop the page's polling when the user has moved on already, or when they move on later.
    if (container.isConnected) cleanup = stop ?? null;
    else stop?.();
  } catch (failure) {
    if (container.isConnected) fill(container, h("h1", { tabindex: "-1" }, "This page could not be shown"), errorBox(failure));
  }
}

window.addEventListener("hashchange", () => route());
window.addEventListener("kiln:signed-in", () => route());
window.addEventListener("kiln:signed-out", (event) => route(`You were signed out: ${event.detail}`));
document.getElementById("sign-out").addEventListener("click", () => {
  session.signOut();
  history.replaceState(null, "", "#/jobs");
  route("You signed out.");
});
document.getElementById("skip").addEventListener("click", (event) => {
  event.preventDefault();
  (main.querySelector("h1") ?? main).focus();
});
route();
"""#
}
