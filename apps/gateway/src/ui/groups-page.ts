import { encodeGroupingPath, type NameValidation } from '@pushgate/protocol';
import { expiryOf } from '../expiry/expiry-time.js';
import type { GroupSnapshot } from '../storage/store.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { metricValue } from './metric-values.js';
import { describeTime } from './time.js';

/** How the group list is ordered: most recent push first (default), oldest first, or by labels. */
export type GroupOrder = 'recent' | 'oldest' | 'labels';

export interface GroupsPageInput {
  groups: Iterable<GroupSnapshot>;
  /** Path the UI and API live under (route prefix or external URL path), without a trailing slash. */
  basePath: string;
  adminApiEnabled: boolean;
  /** `--push.group-ttl` in milliseconds (0 = never), for groups without their own TTL. */
  defaultTtlMs: number;
  /** `utf8` with `--push.enable-utf8-names`: delete paths then escape non-legacy label names. */
  nameValidation: NameValidation;
  /** Text filter: every word must occur in the group's labels (case-insensitive). */
  filter: string;
  order: GroupOrder;
  nowMs: number;
}

const PUSH_TIME = 'push_time_seconds';
const PUSH_FAILURE_TIME = 'push_failure_time_seconds';

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}="${labels[name]}"`)
    .join(' ');
}

function compareGroups(order: GroupOrder): (a: GroupSnapshot, b: GroupSnapshot) => number {
  const byLabels = (a: GroupSnapshot, b: GroupSnapshot) => {
    const x = labelText(a.labels);
    const y = labelText(b.labels);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  if (order === 'labels') return byLabels;
  const sign = order === 'recent' ? -1 : 1;
  return (a, b) => sign * (a.lastPushSeconds - b.lastPushSeconds) || byLabels(a, b);
}

function seriesCount(group: GroupSnapshot): number {
  let n = 0;
  for (const [name, { family }] of group.families) {
    if (name !== PUSH_TIME && name !== PUSH_FAILURE_TIME) n += family.metric.length;
  }
  return n;
}

function groupCard(group: GroupSnapshot, input: GroupsPageInput): SafeHtml {
  const { nowMs, defaultTtlMs } = input;
  const { job = '', ...others } = group.labels;
  const path = encodeGroupingPath(group.labels, { validation: input.nameValidation });
  const failed = group.lastFailureSeconds > group.lastPushSeconds;
  const pushed = group.lastPushSeconds > 0 ? describeTime(group.lastPushSeconds * 1000, nowMs) : undefined;
  const families = [...group.families.values()].sort((a, b) =>
    a.family.name < b.family.name ? -1 : a.family.name > b.family.name ? 1 : 0,
  );
  const search = labelText(group.labels).toLowerCase();
  const expiry = expiryOf(group, defaultTtlMs);
  const expires = expiry === undefined ? undefined : describeTime(expiry.atMs, nowMs);
  return html`<details class="group" id="${path}" data-search="${search}">
<summary>
<span class="job">${job}</span>
${Object.keys(others)
  .sort()
  .map((name) => html`<span class="chip">${name}="${others[name] ?? ''}"</span>`)}
<span class="meta">
${failed ? html`<span class="badge failed">last push failed</span>` : html`<span class="badge ok">ok</span>`}
<span>${seriesCount(group)} series</span>
<span>last push ${pushed ? html`<time datetime="${pushed.iso}">${pushed.text}</time>` : 'never succeeded'}</span>
${expires ? html`<span>expires <time datetime="${expires.iso}">${expires.text}</time></span>` : ''}
<button type="button" class="danger" hidden data-delete="${path}" data-group="${labelText(group.labels)}">Delete</button>
</span>
</summary>
<div class="group-body">
${families.map(({ family, timestampMs }) => {
  const written = describeTime(timestampMs, nowMs);
  return html`<section class="family">
<h3>${family.name}<span class="type">${family.type.replace('_', ' ')}</span></h3>
${family.help !== undefined && family.help !== '' ? html`<p class="help">${family.help}</p>` : ''}
<p class="help">written <time datetime="${written.iso}">${written.text}</time></p>
<table><thead><tr><th scope="col">labels</th><th scope="col">value</th></tr></thead><tbody>
${family.metric.map(
  (
    metric,
  ) => html`<tr><td class="labels">${metric.label.map((l) => html`<span class="chip">${l.name}="${l.value}"</span>`)}</td>
<td>${metricValue(family, metric)}</td></tr>`,
)}
</tbody></table>
</section>`;
})}
</div>
</details>`;
}

/** The main page: every group, filterable and sortable, readable without JavaScript. */
export function renderGroupsPage(input: GroupsPageInput): string {
  const all = [...input.groups];
  const words = input.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = all
    .filter((group) => {
      const text = labelText(group.labels).toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .sort(compareGroups(input.order));
  const series = all.reduce((n, group) => n + seriesCount(group), 0);
  const failing = all.filter((group) => group.lastFailureSeconds > group.lastPushSeconds).length;
  const orders: [GroupOrder, string][] = [
    ['recent', 'Most recent push first'],
    ['oldest', 'Oldest push first'],
    ['labels', 'Job and labels'],
  ];
  const body = html`<h1>Pushed metrics</h1>
<ul class="counts" aria-label="Totals">
<li><strong>${all.length}</strong> groups</li>
<li><strong>${series}</strong> series</li>
<li><strong>${failing}</strong> failing</li>
<li><strong data-shown>${shown.length}</strong> shown</li>
</ul>
<form class="controls" method="get" action="${input.basePath}/" role="search">
<label>Filter by job or label<input type="search" name="q" value="${input.filter}" placeholder='e.g. backup instance="db1"'></label>
<label>Sort<select name="sort">
${orders.map(([value, text]) => html`<option value="${value}" ${value === input.order ? html`selected` : ''}>${text}</option>`)}
</select></label>
<button type="submit">Apply</button>
${input.adminApiEnabled ? html`<button type="button" class="danger" hidden data-wipe>Delete all groups</button>` : ''}
</form>
${
  shown.length === 0
    ? html`<p class="empty">${all.length === 0 ? 'Nothing has been pushed yet.' : 'No group matches the filter.'}</p>`
    : shown.map((group) => groupCard(group, input))
}`;
  return layout({ title: 'Metrics', page: 'metrics', basePath: input.basePath, body });
}
