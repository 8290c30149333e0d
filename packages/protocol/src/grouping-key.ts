/**
 * Grouping keys: the `job` plus the labels of a push URL
 * `/metrics/job/<job>{/<name>/<value>}` (or `/metrics/job@base64/<b64>…`),
 * which identify a group in the Pushgateway.
 *
 * Decoding follows the Go pushgateway's handler rule for rule and message for
 * message, with one deliberate difference: job and label values that are not
 * valid UTF-8 are refused here, because Go accepts them in the handler and
 * then poisons its store with them (its bugs 12.2 and 12.3).
 */

import { decodeBase64UrlPartially, encodeBase64Url } from './base64.js';
import { ProtocolError } from './errors.js';
import {
  escapeValuesName,
  isReservedLabelName,
  isValidLabelName,
  isWellFormedUnicode,
  type NameValidation,
  unescapeValuesName,
} from './names.js';
import { goQuote } from './text/go-quote.js';
import { decodeUtf8Lossless } from './text/utf8-lossless.js';
import { compareUtf8 } from './text/utf8-order.js';

/** The labels that identify a group, by name. Always includes `job`. */
export type GroupingKey = Readonly<Record<string, string>>;

/**
 * A push or delete path as a router hands it over, split after the job
 * segment. Go percent-decodes the whole path before routing, so `%2F` splits
 * segments. Percent-decoded bytes that are not UTF-8 should be passed as lone
 * surrogates U+DC80–U+DCFF (`decodeUtf8Lossless`): messages then quote them as
 * `\xNN` like Go, and values holding them are refused.
 */
export interface GroupingPath {
  /** The job path segment, already percent-decoded (base64 text when `jobBase64`). */
  job: string;
  /** Whether the route was `/metrics/job@base64/<job>…`. */
  jobBase64: boolean;
  /** The percent-decoded rest of the path after the job segment: empty or starting with `/`. */
  labels: string;
}

export interface GroupingKeyOptions {
  /**
   * Label name rules: `legacy` (default) or `utf8`, where URL label names are
   * `U__`-escaped (the gateway's `--push.enable-utf8-names`).
   */
  validation?: NameValidation;
}

const BASE64_SUFFIX = '@base64';
const JOB = 'job';

const utf8Encoder = new TextEncoder();

/**
 * Decodes the grouping key of a push or delete path exactly as the Go
 * pushgateway does, checking in Go's order:
 *
 * 1. a base64 job must decode (`invalid base64 encoding in job name "…": …`,
 *    quoting, as Go does, what was decoded before the failing group of four
 *    characters — usually nothing);
 * 2. `labels` of length ≤ 1 (`""`, `"/"`) means no labels; otherwise the part
 *    after its first character is split on `/` and must have an even number of
 *    components (`odd number of components in label string "…"`);
 * 3. per pair: one `@base64` suffix is stripped from the name; the name must
 *    be a valid label name (after `U__` unescaping under `utf8`) and not start
 *    with `__` (`improper label name "…"`); a base64 value must decode
 *    (`invalid base64 encoding for label n="v": …`); a repeated name keeps
 *    the last value;
 * 4. the job must not be empty (`job name is required`);
 * 5. a `job` label in the path is overridden by the job segment.
 *
 * Then, unlike Go, the job and every label value must be valid UTF-8
 * (`invalid UTF-8 in value of label "…"`), and under `utf8` a name that
 * unescapes to a `__` name is refused too.
 *
 * @throws {ProtocolError} with code `invalid_base64`, `odd_label_components`,
 *   `invalid_label_name`, `job_required` or `invalid_label_value`, and
 *   `location.label` naming the label concerned.
 */
export function decodeGroupingKey(input: GroupingPath, options: GroupingKeyOptions = {}): GroupingKey {
  const validation = options.validation ?? 'legacy';
  const job = input.jobBase64 ? decodeBase64Job(input.job) : input.job;
  const labels = splitLabels(input.labels, validation);
  if (job === '') throw new ProtocolError('job_required', 'job name is required', { label: JOB });

  if (job === null || !isWellFormedUnicode(job)) throw invalidUtf8Value(JOB);
  const key: Record<string, string> = { [JOB]: job };
  for (const [name, value] of labels) {
    if (name === JOB) continue;
    if (value === null || !isWellFormedUnicode(value)) throw invalidUtf8Value(name);
    key[name] = value;
  }
  return key;
}

/** Label values by name as the path gives them; `null` marks a base64 value that is not UTF-8. */
function splitLabels(labels: string, validation: NameValidation): Map<string, string | null> {
  const result = new Map<string, string | null>();
  if (labels.length <= 1) return result;
  const components = labels.slice(1).split('/');
  if (components.length % 2 !== 0) {
    throw new ProtocolError(
      'odd_label_components',
      `odd number of components in label string ${goQuote(labels)}`,
      { label: components[components.length - 1] ?? '' },
    );
  }
  for (let i = 0; i < components.length; i += 2) {
    const pathName = components[i] ?? '';
    const value = components[i + 1] ?? '';
    const isBase64 = pathName.endsWith(BASE64_SUFFIX);
    const trimmed = isBase64 ? pathName.slice(0, -BASE64_SUFFIX.length) : pathName;
    const name = validation === 'utf8' ? unescapeValuesName(trimmed) : trimmed;
    if (!isValidLabelName(name, validation) || isReservedLabelName(trimmed) || isReservedLabelName(name)) {
      throw new ProtocolError('invalid_label_name', `improper label name ${goQuote(trimmed)}`, {
        label: trimmed,
      });
    }
    if (!isBase64) {
      result.set(name, value);
      continue;
    }
    const { bytes, error } = decodeBase64UrlPartially(value);
    if (error !== undefined) {
      throw new ProtocolError(
        'invalid_base64',
        `invalid base64 encoding for label ${trimmed}=${goQuote(value)}: ${error.message}`,
        { label: name },
      );
    }
    result.set(name, decodeUtf8(bytes));
  }
  return result;
}

/** The job of a `job@base64` route; `null` when its bytes are not UTF-8. */
function decodeBase64Job(text: string): string | null {
  const { bytes, error } = decodeBase64UrlPartially(text);
  if (error !== undefined) {
    throw new ProtocolError(
      'invalid_base64',
      `invalid base64 encoding in job name ${goQuote(decodeUtf8Lossless(bytes).text)}: ${error.message}`,
      { label: JOB },
    );
  }
  return decodeUtf8(bytes);
}

/** `bytes` as text, or `null` when they are not valid UTF-8 (a BOM is kept, as Go keeps it). */
function decodeUtf8(bytes: Uint8Array): string | null {
  const { text, valid } = decodeUtf8Lossless(bytes);
  return valid ? text : null;
}

function invalidUtf8Value(label: string): ProtocolError {
  return new ProtocolError('invalid_label_value', `invalid UTF-8 in value of label ${goQuote(label)}`, {
    label,
  });
}

/**
 * Builds the path `/metrics/job/<job>{/<name>/<value>}` for `key`, with the
 * labels after `job` sorted by name (byte-wise), that any gateway — ours or
 * Go's — decodes back to exactly `key`.
 *
 * A value is written as one percent-encoded segment when that is unambiguous;
 * it is written as `<name>@base64/<base64url>` when it is empty (`=`), is `.`
 * or `..` (which URL resolution and Go's path cleaning would remove), or
 * contains `/`, `%`, `\` or a control character (which routers, proxies or
 * path cleaning may split, decode twice or rewrite). The result never
 * contains `//`, `/./` or `/../`, which Go answers with a redirect.
 *
 * Under `validation: 'utf8'` label names that are not legacy names (or start
 * with `U__`) are written `U__`-escaped, as `--push.enable-utf8-names`
 * gateways expect.
 *
 * @throws {ProtocolError} `job_required` when `job` is missing or empty,
 *   `invalid_label_name` for a name the gateway would refuse, and
 *   `invalid_label_value` for a value that is not a well-formed string.
 */
export function encodeGroupingPath(key: GroupingKey, options: GroupingKeyOptions = {}): string {
  const validation = options.validation ?? 'legacy';
  const job = Object.hasOwn(key, JOB) ? key[JOB] : undefined;
  if (job === undefined || job === '')
    throw new ProtocolError('job_required', 'job name is required', { label: JOB });
  let path = `/metrics/${encodePair(JOB, JOB, job)}`;
  const names = Object.keys(key)
    .filter((name) => name !== JOB)
    .sort(compareUtf8);
  for (const name of names) {
    path += `/${encodePair(name, pathLabelName(name, validation), key[name])}`;
  }
  return path;
}

function encodePair(name: string, pathName: string, value: unknown): string {
  if (typeof value !== 'string' || !isWellFormedUnicode(value)) {
    throw new ProtocolError(
      'invalid_label_value',
      `value of label ${goQuote(name)} is not a well-formed string`,
      { label: name },
    );
  }
  if (isSafePathSegment(value)) return `${pathName}/${encodeURIComponent(value)}`;
  const encoded = value === '' ? '=' : encodeBase64Url(utf8Encoder.encode(value));
  return `${pathName}${BASE64_SUFFIX}/${encoded}`;
}

/** The name as it must appear in the path, after checking the gateway would accept it. */
function pathLabelName(name: string, validation: NameValidation): string {
  if (!isValidLabelName(name, validation) || isReservedLabelName(name)) {
    throw new ProtocolError('invalid_label_name', `improper label name ${goQuote(name)}`, { label: name });
  }
  if (validation === 'legacy' || (isValidLabelName(name, 'legacy') && !name.startsWith('U__'))) return name;
  const escaped = escapeValuesName(name);
  if (unescapeValuesName(escaped) !== name) {
    throw new ProtocolError(
      'invalid_label_name',
      `label name ${goQuote(name)} cannot be escaped for a push URL (code points above U+FFFFF)`,
      { label: name },
    );
  }
  return escaped;
}

const CHAR_SLASH = 0x2f;
const CHAR_PERCENT = 0x25;
const CHAR_BACKSLASH = 0x5c;
const CHAR_DEL = 0x7f;

/** Whether `value`, percent-encoded, survives every router and proxy between client and gateway unchanged. */
function isSafePathSegment(value: string): boolean {
  if (value === '' || value === '.' || value === '..') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === CHAR_DEL || c === CHAR_SLASH || c === CHAR_PERCENT || c === CHAR_BACKSLASH) {
      return false;
    }
  }
  return true;
}

/**
 * The canonical identity of a grouping key, for use as a `Map` key: Go's
 * `groupingKeyFor` format — names sorted byte-wise, `name 0xFF value` pairs
 * joined by `0xFF` — as a binary string whose characters are the UTF-8 bytes
 * (0–255). Since UTF-8 never contains the byte 0xFF, distinct keys always
 * give distinct identities. An empty key gives `""`.
 *
 * @throws {ProtocolError} `invalid_label_name` / `invalid_label_value` when a
 *   name or value is not well-formed Unicode (impossible for keys from
 *   {@link decodeGroupingKey}).
 */
export function groupingKeyId(key: GroupingKey): string {
  const pairs: [string, string][] = [];
  for (const name of Object.keys(key)) {
    const value = key[name] ?? '';
    const nameBytes = utf8BinaryString(name);
    if (nameBytes === null) {
      throw new ProtocolError('invalid_label_name', `label name ${goQuote(name)} is not valid UTF-8`, {
        label: name,
      });
    }
    const valueBytes = utf8BinaryString(value);
    if (valueBytes === null) throw invalidUtf8Value(name);
    pairs.push([nameBytes, valueBytes]);
  }
  // Binary strings compare code unit by code unit, i.e. byte-wise.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let id = '';
  for (const [name, value] of pairs) {
    if (id !== '') id += SEPARATOR;
    id += name + SEPARATOR + value;
  }
  return id;
}

const SEPARATOR = '\xff';

/** `s` as a string of its UTF-8 bytes (one char per byte), or `null` if `s` has a lone surrogate. */
function utf8BinaryString(s: string): string | null {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) < 0x80) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out += s[i];
    } else if (c < 0x800) {
      out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c > 0xdfff) {
      out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      const low = s.charCodeAt(i + 1);
      if (c >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) return null;
      const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      out += String.fromCharCode(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
      i++;
    }
  }
  return out;
}
