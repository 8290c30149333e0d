import { html } from './html.js';
import { layout } from './layout.js';
import { describeTime } from './time.js';

export interface StatusPageInput {
  basePath: string;
  version: string;
  startTimeMs: number;
  nowMs: number;
  /** Flag name → value as shown by /api/v1/status. */
  flags: Readonly<Record<string, string>>;
  /** What keeps the groups: `memory`, `file <path>`, `redis <url without password>`. */
  storeKind: string;
  /** `undefined` when healthy, else the reason. */
  storeHealth: string | undefined;
  build: Readonly<Record<string, string>>;
}

/** A flag value; an empty one says so rather than leaving a blank. */
function shown(value: string | undefined) {
  return value === undefined || value === '' ? html`<span class="muted">(empty)</span>` : value;
}

/** The status page: build, start time, store and its health, and every flag. */
export function renderStatusPage(input: StatusPageInput): string {
  const started = describeTime(input.startTimeMs, input.nowMs);
  const body = html`<h1>Status</h1>
<dl class="status">
<dt>Version</dt><dd>${input.version}</dd>
<dt>Started</dt><dd><time datetime="${started.iso}">${started.text}</time></dd>
<dt>Store</dt><dd>${input.storeKind}</dd>
<dt>Store health</dt><dd>${
    input.storeHealth === undefined
      ? html`<span class="badge ok">healthy</span>`
      : html`<span class="badge failed">unhealthy</span> ${input.storeHealth}`
  }</dd>
</dl>
<h2>Build information</h2>
<dl class="status">
${Object.keys(input.build)
  .sort()
  .map((key) => html`<dt>${key}</dt><dd>${input.build[key] ?? ''}</dd>`)}
</dl>
<h2>Startup flags</h2>
<dl class="status">
${Object.keys(input.flags)
  .sort()
  .map((key) => html`<dt>${key}</dt><dd>${shown(input.flags[key])}</dd>`)}
</dl>`;
  return layout({ title: 'Status', page: 'status', basePath: input.basePath, body });
}
