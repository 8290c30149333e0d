import { script, stylesheet } from './assets.js';
import { html, SafeHtml } from './html.js';

export type UiPage = 'metrics' | 'status';

/** The frame shared by every page: head, navigation and the enhancement script. */
export function layout(options: { title: string; page: UiPage; basePath: string; body: SafeHtml }): string {
  const { title, page, basePath, body } = options;
  const link = (target: UiPage, href: string, label: string) =>
    html`<a href="${href}" ${target === page ? html`aria-current="page"` : ''}>${label}</a>`;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Pushgate</title>
<style>${new SafeHtml(stylesheet)}</style>
</head>
<body data-base="${basePath}">
<header><nav aria-label="Main">
<a class="brand" href="${basePath}/">Pushgate</a>
${link('metrics', `${basePath}/`, 'Metrics')}
${link('status', `${basePath}/status`, 'Status')}
</nav></header>
<main id="main">${body}</main>
<script>${new SafeHtml(script)}</script>
</body>
</html>
`}`;
}
