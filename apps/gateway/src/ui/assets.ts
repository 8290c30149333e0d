/**
 * The UI's only stylesheet and script, inlined into each page: one request per
 * page, no build step, and nothing to serve under a separate path.
 */
export const stylesheet = `
:root { color-scheme: light dark; --bg: #f7f7f8; --card: #fff; --text: #1b1c1f; --muted: #55585f;
  --border: #d6d8dc; --accent: #0b5cad; --ok: #17663a; --ok-bg: #e3f4e9; --bad: #a61b1b; --bad-bg: #fbe6e6;
  --chip: #eef0f3; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
@media (prefers-color-scheme: dark) { :root { --bg: #15171a; --card: #1e2125; --text: #eceef1; --muted: #a8adb5;
  --border: #383c42; --accent: #7cb8ff; --ok: #7fdca0; --ok-bg: #183324; --bad: #ff9d9d; --bad-bg: #3d1c1c;
  --chip: #2a2e34; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); line-height: 1.45; }
a { color: var(--accent); }
header { background: var(--card); border-bottom: 1px solid var(--border); }
header nav { max-width: 72rem; margin: 0 auto; padding: .6rem 1rem; display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; }
header .brand { font-weight: 700; font-size: 1.1rem; color: var(--text); text-decoration: none; margin-right: auto; }
header nav a[aria-current="page"] { font-weight: 600; text-decoration: none; border-bottom: 2px solid var(--accent); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.35rem; margin: .5rem 0 1rem; }
.counts { display: flex; gap: .75rem; flex-wrap: wrap; margin: 0 0 1rem; padding: 0; list-style: none; }
.counts li { background: var(--card); border: 1px solid var(--border); border-radius: .5rem; padding: .5rem .9rem; }
.counts strong { display: block; font-size: 1.3rem; }
form.controls { display: flex; gap: .6rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
form.controls label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .2rem; }
input, select, button { font: inherit; color: inherit; background: var(--card); border: 1px solid var(--border);
  border-radius: .4rem; padding: .4rem .6rem; min-height: 2.4rem; }
input[type="search"] { min-width: min(22rem, 80vw); }
button { cursor: pointer; }
button.danger { color: var(--bad); border-color: var(--bad); }
button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, a:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px; }
.group { background: var(--card); border: 1px solid var(--border); border-radius: .5rem; margin-bottom: .6rem; }
.group > summary { list-style: none; cursor: pointer; padding: .7rem .9rem; display: flex; gap: .6rem;
  align-items: center; flex-wrap: wrap; }
.group > summary::-webkit-details-marker { display: none; }
.group > summary::before { content: "▸"; color: var(--muted); }
.group[open] > summary::before { content: "▾"; }
.group .job { font-weight: 650; }
.chip { background: var(--chip); border-radius: 1rem; padding: .05rem .55rem; font-size: .85rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: .85rem; margin-left: auto; display: flex; gap: .6rem; flex-wrap: wrap; align-items: center; }
.badge { border-radius: .3rem; padding: .05rem .45rem; font-size: .8rem; font-weight: 600; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.failed { color: var(--bad); background: var(--bad-bg); }
.group-body { padding: 0 .9rem .9rem; overflow-x: auto; }
.family { border-top: 1px solid var(--border); padding-top: .6rem; margin-top: .6rem; }
.family h3 { font-size: 1rem; margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.family .type { color: var(--muted); font-size: .8rem; font-weight: 500; text-transform: lowercase; margin-left: .4rem; }
.family p.help { margin: .2rem 0 .4rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.num { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; white-space: nowrap; }
td.labels .chip { display: inline-block; margin: 0 .2rem .2rem 0; }
table.dist { width: auto; margin: .2rem 0; }
table.dist td, table.dist th { padding: .1rem .5rem; border: none; }
.empty { background: var(--card); border: 1px dashed var(--border); border-radius: .5rem; padding: 2rem; text-align: center; color: var(--muted); }
dl.status { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; background: var(--card);
  border: 1px solid var(--border); border-radius: .5rem; padding: 1rem; }
dl.status dt { font-weight: 600; }
dl.status dd { margin: 0; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .6rem; }
[hidden] { display: none !important; }
dl.status dt { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
@media (max-width: 40rem) { .meta { margin-left: 0; width: 100%; }
  dl.status { grid-template-columns: 1fr; gap: .1rem; } dl.status dd { margin-bottom: .5rem; } }
`;

/**
 * Progressive enhancement only: reading works without it. Filters as you type,
 * deletes a group or wipes the store through the ordinary HTTP API after a
 * confirmation, and remembers which groups were expanded.
 */
export const script = `
(() => {
  const base = document.body.dataset.base || '';
  const search = document.querySelector('input[name="q"]');
  const groups = [...document.querySelectorAll('details.group')];
  const shown = document.querySelector('[data-shown]');
  function filter() {
    const words = (search ? search.value : '').toLowerCase().split(/\\s+/).filter(Boolean);
    let visible = 0;
    for (const group of groups) {
      const text = group.dataset.search || '';
      const match = words.every((w) => text.includes(w));
      group.hidden = !match;
      if (match) visible++;
    }
    if (shown) shown.textContent = String(visible);
  }
  if (search) search.addEventListener('input', filter);
  const openKey = 'pushgate-open-groups';
  const open = new Set(JSON.parse(sessionStorage.getItem(openKey) || '[]'));
  for (const group of groups) {
    if (open.has(group.id)) group.open = true;
    group.addEventListener('toggle', () => {
      if (group.open) open.add(group.id); else open.delete(group.id);
      sessionStorage.setItem(openKey, JSON.stringify([...open]));
    });
  }
  async function send(method, path, question, button) {
    if (!window.confirm(question)) return;
    button.disabled = true;
    try {
      const response = await fetch(base + path, { method });
      if (!response.ok) throw new Error(response.status + ' ' + (await response.text()));
      window.location.reload();
    } catch (error) {
      button.disabled = false;
      window.alert('Failed: ' + error.message);
    }
  }
  for (const button of document.querySelectorAll('button[data-delete]')) {
    button.hidden = false;
    button.addEventListener('click', (event) => {
      event.preventDefault();
      send('DELETE', button.dataset.delete, 'Delete the group ' + button.dataset.group + '?', button);
    });
  }
  const wipe = document.querySelector('button[data-wipe]');
  if (wipe) {
    wipe.hidden = false;
    wipe.addEventListener('click', () => send('PUT', '/api/v1/admin/wipe', 'Delete ALL groups?', wipe));
  }
})();
`;
