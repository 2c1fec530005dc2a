/// The dashboard's one stylesheet: system fonts, light and dark from the system's choice, one
/// column on a phone, tables that become cards when narrow, visible focus everywhere.
enum Stylesheet {
    static let text = #"""
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1d21; --muted: #5a606b; --line: #d9dce1; --panel: #f5f6f8;
  --accent: #b4410f; --accent-fg: #ffffff; --focus: #1f6feb;
  --ok: #1a7f37; --bad: #c62828; --run: #0a58ca; --wait: #6b6f76; --warn: #9a6700;
  --radius: 8px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  line-height: 1.45;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121416; --fg: #e6e8eb; --muted: #a0a6b0; --line: #30343a; --panel: #1b1e22;
    --accent: #ff8a50; --accent-fg: #121416; --focus: #58a6ff;
    --ok: #3fb950; --bad: #ff6b6b; --run: #58a6ff; --wait: #9da3ab; --warn: #d29922;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); }
body { font-size: 1rem; }
a { color: var(--run); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; color: var(--muted); }
ul.results { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: 0.5rem; top: -3rem; background: var(--bg); padding: 0.5rem 0.75rem; z-index: 10; }
.skip:focus { top: 0.5rem; }

.top { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.75rem 1rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--fg); text-decoration: none; }
.brand span { color: var(--accent); }
.top nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; align-items: center; }
.top nav a { text-decoration: none; color: var(--fg); padding: 0.35rem 0.1rem; display: inline-block; }
.top nav a[aria-current="page"] { border-bottom: 3px solid var(--accent); font-weight: 600; }

main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 0.75rem; }
p.hint, .hint { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0; }
.back { margin: 0 0 0.5rem; }

button, .button {
  font: inherit; cursor: pointer; border-radius: var(--radius); border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-fg); padding: 0.5rem 1rem; min-height: 2.5rem;
  text-decoration: none; display: inline-flex; align-items: center; gap: 0.4rem;
}
button.secondary { background: transparent; color: var(--fg); border-color: var(--line); }
button.danger { background: transparent; color: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; color: var(--fg); padding: 0.35rem 0.1rem; min-height: 0; text-decoration: underline; }
button[disabled] { opacity: 0.55; cursor: not-allowed; }

form.stack { display: grid; gap: 1rem; max-width: 40rem; }
.field { display: grid; gap: 0.3rem; }
.field label, legend { font-weight: 600; }
.field.check { grid-template-columns: auto 1fr; align-items: center; column-gap: 0.5rem; }
.field.check .hint { grid-column: 2; }
input, select, textarea {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: var(--radius); padding: 0.5rem 0.6rem; min-height: 2.5rem; width: 100%;
}
input[type="checkbox"] { width: 1.25rem; height: 1.25rem; min-height: 0; accent-color: var(--accent); }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin: 0; display: grid; gap: 1rem; }
.options-grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
.options-grid > .field:only-child { grid-column: 1 / -1; }
details > summary { cursor: pointer; font-weight: 600; padding: 0.25rem 0; }
details[open] > summary { margin-bottom: 0.75rem; }

.filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; margin-bottom: 1rem; }
.filters .field { min-width: 10rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 0.5rem 0 1rem; }

table { width: 100%; border-collapse: collapse; }
caption { text-align: left; color: var(--muted); font-size: 0.9rem; padding-bottom: 0.4rem; }
th, td { text-align: left; padding: 0.55rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
td.empty { color: var(--muted); text-align: center; padding: 2rem 0.5rem; }
.pager { display: flex; gap: 0.75rem; margin-top: 1rem; }

.badge { display: inline-block; border-radius: 999px; padding: 0.1rem 0.6rem; font-size: 0.85rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.status-succeeded { color: var(--ok); }
.status-failed { color: var(--bad); }
.status-processing, .status-finishing, .status-validating { color: var(--run); }
.status-queued, .status-waiting { color: var(--wait); }
.status-cancelled { color: var(--warn); }
.badge::before { content: "● "; }
.status-succeeded::before { content: "✓ "; }
.status-failed::before { content: "✕ "; }
.status-cancelled::before { content: "⊘ "; }
progress { width: 7rem; height: 0.6rem; vertical-align: middle; accent-color: var(--run); }
.percent { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 0.85rem; margin-left: 0.35rem; }

.panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; }
.summary { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem 1.25rem; margin-bottom: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.4rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.75rem; overflow: auto; margin: 0; }
.alert { border: 2px solid var(--bad); border-radius: var(--radius); padding: 0.75rem 1rem; margin-bottom: 1rem; color: var(--fg); background: var(--panel); }
.alert:empty { display: none; }
.alert h2, .alert h3 { margin: 0 0 0.4rem; font-size: 1.05rem; color: var(--bad); }
.alert p { margin: 0.25rem 0; }
.notice { border-left: 4px solid var(--run); padding: 0.5rem 0.75rem; background: var(--panel); }
.notice.secret { border-left-color: var(--warn); margin-bottom: 1rem; }
.notice.secret h2 { margin: 0 0 0.5rem; font-size: 1.05rem; overflow-wrap: anywhere; }
.notice.secret code { font-size: 1rem; user-select: all; }
.preview video, .preview img { max-width: 100%; max-height: 70vh; border-radius: var(--radius); background: #000; display: block; }
.preview img { background: repeating-conic-gradient(#8883 0% 25%, transparent 0% 50%) 50% / 20px 20px; }
.preview audio { width: 100%; max-width: 40rem; }
.two { display: grid; gap: 1rem 2rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
.signin { max-width: 28rem; margin: 3rem auto; }

@media (max-width: 40rem) {
  main { padding: 0.75rem; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards tr { border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: 0.75rem; padding: 0.25rem 0.5rem; }
  table.cards td { border: none; padding: 0.3rem 0; display: grid; grid-template-columns: 6.5rem 1fr; gap: 0.5rem; }
  table.cards td::before { content: attr(data-label); color: var(--muted); font-size: 0.85rem; }
  table.cards td.empty { display: block; }
  table.cards td.empty::before { content: none; }
  dl.facts { grid-template-columns: 1fr; gap: 0 0; }
  dl.facts dd { margin-bottom: 0.5rem; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
"""#
}
