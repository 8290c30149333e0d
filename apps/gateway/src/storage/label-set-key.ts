import type { LabelPair, Metric } from '@pushgate/protocol';

/**
 * Label-set keys: one flat string per series that is both its identity
 * within its family (every label name and value) and its place in the
 * exposition, so that the store keeps a single string per series and the
 * merged views sort and search with plain `<` and `===`.
 *
 * A key sorts as `compareSeries` orders series (Go's order, ties broken by
 * label names): the label count in two code units, then the values in label
 * order, then the names, each escaped and ended by `\0\0`. Escaping keeps
 * the order exact: NUL becomes `\0\x01` (after the terminator, before every
 * other character), and code units from U+D800 up are prefixed so that
 * UTF-16 code unit order becomes code point order, which is UTF-8 byte
 * order (surrogates become `\uFFFF` + the surrogate, U+FFFF becomes
 * `\uFFFF\x01`, U+E000–U+FFFE stay as they are).
 *
 * Labels must be sorted by name, as the store keeps them.
 */

const TERMINATOR = '\0\0';
const NUL_ESCAPE = '\0\x01';
const HIGH_PREFIX = '\uffff';
const FFFF_ESCAPE = '\uffff\x01';

/** The key of the label set `labels` (sorted by name). Always a flat string. */
export function labelSetKey(labels: readonly LabelPair[]): string {
  const n = labels.length;
  const parts: string[] = [countPrefix(n)];
  for (let i = 0; i < n; i++) parts.push(escapePart((labels[i] as LabelPair).value), TERMINATOR);
  for (let i = 0; i < n; i++) parts.push(escapePart((labels[i] as LabelPair).name), TERMINATOR);
  // join builds one sequential string; `+=` would leave a rope of many objects per key.
  return parts.join('');
}

/**
 * Whether `key` is the key of `labels`, decided without building that key:
 * the check a re-push of the same series goes through on every push.
 */
export function isKeyOf(key: string, labels: readonly LabelPair[]): boolean {
  const n = labels.length;
  if (key.charCodeAt(0) !== n >>> 15 || key.charCodeAt(1) !== (n & 0x7fff)) return false;
  let at = 2;
  for (let i = 0; i < n && at >= 0; i++) at = matchPart(key, at, (labels[i] as LabelPair).value);
  for (let i = 0; i < n && at >= 0; i++) at = matchPart(key, at, (labels[i] as LabelPair).name);
  return at === key.length;
}

/**
 * The keys of `metrics`' label sets, in order: `reusable` itself when those
 * are its keys (a group re-pushing its series keeps sharing one array of
 * strings), new ones otherwise.
 */
export function keysOfMetrics(metrics: readonly Metric[], reusable?: readonly string[]): readonly string[] {
  if (reusable && areKeysOf(reusable, metrics)) return reusable;
  return metrics.map((metric) => labelSetKey(metric.label));
}

/** Whether `keys` are the keys of `metrics`' label sets, in order. */
export function areKeysOf(keys: readonly string[], metrics: readonly Metric[]): boolean {
  if (keys.length !== metrics.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (!isKeyOf(keys[i] as string, (metrics[i] as Metric).label)) return false;
  }
  return true;
}

/** The labels whose key `key` is, in key (name) order. */
export function labelsOfKey(key: string): LabelPair[] {
  const n = (key.charCodeAt(0) << 15) | key.charCodeAt(1);
  const parts: string[] = [];
  let at = 2;
  for (let i = 0; i < 2 * n; i++) {
    const end = key.indexOf(TERMINATOR, at);
    parts.push(unescapePart(key.slice(at, end)));
    at = end + TERMINATOR.length;
  }
  const labels: LabelPair[] = [];
  for (let i = 0; i < n; i++) labels.push({ name: parts[n + i] as string, value: parts[i] as string });
  return labels;
}

function countPrefix(n: number): string {
  // Two units below U+D800 each: counts up to 2^30, compared numerically.
  return String.fromCharCode(n >>> 15, n & 0x7fff);
}

/** The position after `part` and its terminator at `at` in `key`, or -1 if they are not there. */
function matchPart(key: string, at: number, part: string): number {
  // Character by character while nothing needs escaping: no call, no allocation.
  let k = at;
  for (let j = 0; j < part.length; j++, k++) {
    const unit = part.charCodeAt(j);
    if (unit === 0 || unit >= 0xd800) return matchEscapedPart(key, at, part);
    if (key.charCodeAt(k) !== unit) return -1;
  }
  return key.charCodeAt(k) === 0 && key.charCodeAt(k + 1) === 0 ? k + TERMINATOR.length : -1;
}

function matchEscapedPart(key: string, at: number, part: string): number {
  const escaped = escapePart(part);
  const end = at + escaped.length;
  return key.startsWith(escaped, at) && key.startsWith(TERMINATOR, end) ? end + TERMINATOR.length : -1;
}

/** Whether `text` has a character that escaping changes: absent from almost every real name and value. */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0 || unit >= 0xd800) return true;
  }
  return false;
}

function escapePart(text: string): string {
  if (!needsEscape(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) out += NUL_ESCAPE;
    else if (unit === 0xffff) out += FFFF_ESCAPE;
    else if (unit >= 0xd800 && unit <= 0xdfff) out += HIGH_PREFIX + text[i];
    else out += text[i];
  }
  return out;
}

function unescapePart(text: string): string {
  if (!needsEscape(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0 || unit === 0xffff) {
      // An escape: the next unit says what it stands for.
      const next = text.charCodeAt(++i);
      out += next === 1 ? (unit === 0 ? '\0' : '\uffff') : String.fromCharCode(next);
    } else {
      out += text[i];
    }
  }
  return out;
}
