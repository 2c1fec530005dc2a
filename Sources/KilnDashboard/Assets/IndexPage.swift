/// The one page: a frame of header and navigation; `app.js` fills `main` for the route in the
/// address's fragment (`#/jobs/job_…`), so the API key never appears in an address.
enum IndexPage {
    static let text = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Kiln</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpath d='M8 1 15 15H1z' fill='%23b4410f'/%3E%3C/svg%3E">
<link rel="stylesheet" href="/dashboard/app.css">
<script type="module" src="/dashboard/app.js"></script>
</head>
<body>
<a class="skip" href="#main" id="skip">Skip to content</a>
<header class="top">
  <a class="brand" href="#/jobs"><span aria-hidden="true">▲</span> Kiln</a>
  <nav aria-label="Main" id="nav" hidden>
    <ul>
      <li><a href="#/jobs" data-section="jobs">Jobs</a></li>
      <li><a href="#/jobs/new" data-section="new">New job</a></li>
      <li><a href="#/tasks" data-section="tasks">Tasks</a></li>
      <li><a href="#/connections" data-section="connections">Connections</a></li>
      <li><a href="#/events" data-section="events">Events</a></li>
      <li><a href="#/webhooks" data-section="webhooks">Webhooks</a></li>
      <li><button type="button" id="sign-out" class="link">Sign out</button></li>
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
  <noscript><p>The dashboard needs JavaScript. The API works without it: see <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</main>
<div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
</body>
</html>
"""#
}
