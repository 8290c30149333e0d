/**
 * Responses shaped byte for byte like the ones Go's net/http writes, since
 * clients and tests of the original compare status lines, headers and bodies.
 */
import type { Context } from 'koa';

/** `Content-Type` of Go's plain-text responses (sniffed or set by `http.Error`). */
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** A response with `status`, no body, `Content-Length: 0` and no `Content-Type`. */
export function sendEmpty(ctx: Context, status: number): void {
  // A null body first, then the status: koa would otherwise turn 200 into 204.
  ctx.body = null;
  ctx.status = status;
}

/** A plain-text response without a trailing newline, as Go's handlers write `OK`. */
export function sendText(ctx: Context, status: number, text: string): void {
  ctx.status = status;
  ctx.set('Content-Type', TEXT_PLAIN);
  ctx.body = text;
}

/**
 * Go's `http.Error`: the message plus a newline, `text/plain; charset=utf-8`,
 * and `X-Content-Type-Options: nosniff`.
 */
export function sendGoError(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.set('Content-Type', TEXT_PLAIN);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.body = `${message}\n`;
}

/**
 * Go's `http.Redirect` to an absolute path: `Location` set, and for GET and
 * HEAD a `text/html` type, with a small HTML link as the body of a GET.
 * `location` must already be escaped.
 */
export function sendGoRedirect(ctx: Context, status: 301 | 307, location: string): void {
  ctx.set('Location', location);
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    sendEmpty(ctx, status);
    return;
  }
  ctx.status = status;
  ctx.set('Content-Type', 'text/html; charset=utf-8');
  ctx.body = `<a href="${escapeHtml(location)}">${status === 301 ? 'Moved Permanently' : 'Temporary Redirect'}</a>.\n\n`;
}

/** Go's `html.EscapeString` as `http.Redirect` uses it. */
function escapeHtml(text: string): string {
  return text.replace(/[&'<>"]/g, (char) => HTML_ESCAPES[char] ?? char);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
};
