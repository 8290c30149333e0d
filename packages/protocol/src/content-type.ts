/**
 * Media types of the exposition formats, as both ends of a push and a scrape
 * use them, following the Go Pushgateway 1.5.1 byte for byte:
 * - a push body is delimited protobuf only when `mime.ParseMediaType` accepts
 *   the Content-Type and it names exactly that format (`handler/push.go`);
 *   everything else, including no header at all, is the text format;
 * - a scrape's format comes from expfmt's `Negotiate` over the Accept header,
 *   which never offers OpenMetrics.
 */

/** The text exposition format 0.0.4, as the Go Pushgateway labels its scrapes. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const PROTOBUF_MEDIA_TYPE = 'application/vnd.google.protobuf';
const PROTOBUF_MESSAGE = 'io.prometheus.client.MetricFamily';

/** Length-delimited `io.prometheus.client.MetricFamily` messages. */
export const PROTOBUF_DELIMITED_CONTENT_TYPE = `${PROTOBUF_MEDIA_TYPE}; proto=${PROTOBUF_MESSAGE}; encoding=delimited`;

/** The formats a scrape can be served in. */
export type ScrapeFormat = 'text' | 'protobuf-delimited' | 'protobuf-text' | 'protobuf-compact-text';

const SCRAPE_CONTENT_TYPES: Readonly<Record<ScrapeFormat, string>> = {
  text: TEXT_CONTENT_TYPE,
  'protobuf-delimited': PROTOBUF_DELIMITED_CONTENT_TYPE,
  'protobuf-text': `${PROTOBUF_MEDIA_TYPE}; proto=${PROTOBUF_MESSAGE}; encoding=text`,
  'protobuf-compact-text': `${PROTOBUF_MEDIA_TYPE}; proto=${PROTOBUF_MESSAGE}; encoding=compact-text`,
};

const PROTOBUF_ENCODINGS: Readonly<Record<string, ScrapeFormat>> = {
  delimited: 'protobuf-delimited',
  text: 'protobuf-text',
  'compact-text': 'protobuf-compact-text',
};

/** The exact Content-Type the Go Pushgateway 1.5.1 sends for a scrape in `format`. */
export function scrapeContentType(format: ScrapeFormat): string {
  return SCRAPE_CONTENT_TYPES[format];
}

/**
 * Whether a push body with this Content-Type is delimited protobuf: the media
 * type must parse (Go's `mime.ParseMediaType` rules: type, subtype and
 * parameter names case-insensitive, values case-sensitive, parameters in any
 * order, quoted values allowed, a duplicate parameter is an error) and be
 * `application/vnd.google.protobuf` with `proto=io.prometheus.client.MetricFamily`
 * and `encoding=delimited`. Anything else, including `undefined`, is text.
 */
export function isDelimitedProtobuf(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const parsed = parseMediaType(contentType);
  return (
    parsed !== undefined &&
    parsed.mediaType === PROTOBUF_MEDIA_TYPE &&
    parsed.params.get('proto') === PROTOBUF_MESSAGE &&
    parsed.params.get('encoding') === 'delimited'
  );
}

/**
 * The scrape format an Accept header selects, as the released expfmt
 * `Negotiate` decides it: clauses are ordered by q (with goautoneg's
 * comparator and Go's insertion sort), and the first clause that is protobuf
 * `MetricFamily` with encoding `delimited`, `text` or `compact-text`, or
 * `text/plain` with version 0.0.4 or none, wins. No match, a missing header
 * and `*` wildcards all give text. Matching is case-sensitive, as in Go.
 */
export function negotiateScrapeFormat(accept: string | undefined): ScrapeFormat {
  for (const clause of parseAccept(accept ?? '')) {
    if (
      `${clause.type}/${clause.subType}` === PROTOBUF_MEDIA_TYPE &&
      clause.params.get('proto') === PROTOBUF_MESSAGE
    ) {
      const format = PROTOBUF_ENCODINGS[clause.params.get('encoding') ?? ''];
      if (format !== undefined) return format;
    }
    const version = clause.params.get('version');
    if (clause.type === 'text' && clause.subType === 'plain' && (version === '0.0.4' || !version)) {
      return 'text';
    }
  }
  return 'text';
}

interface AcceptClause {
  type: string;
  subType: string;
  q: number;
  params: Map<string, string>;
}

/**
 * goautoneg's `ParseAccept`: split on commas and semicolons without regard
 * to quoting, trim only spaces, keep parameter names as written, read q as a
 * float32 (0 when it does not parse), skip clauses without exactly one slash
 * (except a bare `*`).
 */
function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const rawPart of header.split(',')) {
    const [mediaRange = '', ...rawParams] = trimSpaces(rawPart).split(';');
    const typeParts = mediaRange.split('/');
    const type = trimSpaces(typeParts[0] ?? '');
    let subType: string;
    if (typeParts.length === 1 && type === '*') {
      subType = '*';
    } else if (typeParts.length === 2) {
      subType = trimSpaces(typeParts[1] ?? '');
    } else {
      continue;
    }
    const clause: AcceptClause = { type, subType, q: 1, params: new Map() };
    for (const rawParam of rawParams) {
      const equals = rawParam.indexOf('=');
      if (equals < 0) continue;
      const name = trimSpaces(rawParam.slice(0, equals));
      // The q value is not trimmed: Go parses it as written.
      const value = rawParam.slice(equals + 1);
      if (name === 'q') {
        clause.q = parseGoFloat32(value);
      } else {
        clause.params.set(name, trimSpaces(value));
      }
    }
    clauses.push(clause);
  }
  sortLikeGoautoneg(clauses);
  return clauses;
}

/**
 * goautoneg sorts with `sort.Sort` and a comparator that is not a strict
 * order (a concrete type beats a wildcard whatever the q values); Go 1.19
 * sorts up to 12 elements by insertion sort, reproduced here so that odd
 * headers resolve as in Go. Longer headers are sorted the same way, where Go
 * would use pdqsort; only headers with such contradictory clauses can differ.
 */
function sortLikeGoautoneg(clauses: AcceptClause[]): void {
  for (let i = 1; i < clauses.length; i++) {
    for (let j = i; j > 0 && acceptsBefore(clauses[j]!, clauses[j - 1]!); j--) {
      const swap = clauses[j]!;
      clauses[j] = clauses[j - 1]!;
      clauses[j - 1] = swap;
    }
  }
}

function acceptsBefore(a: AcceptClause, b: AcceptClause): boolean {
  if (a.q > b.q) return true;
  if (a.type !== '*' && b.type === '*') return true;
  return a.subType !== '*' && b.subType === '*';
}

const GO_DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_SPECIAL_FLOAT = /^(?:[+-]?inf(?:inity)?|nan)$/i;

/**
 * `strconv.ParseFloat(s, 32)` as goautoneg uses it, ignoring the error: 0
 * for anything that does not parse, the value rounded to float32 otherwise
 * (±Inf beyond the float32 range). Hex floats, which Go also accepts, read as 0.
 */
function parseGoFloat32(text: string): number {
  if (GO_DECIMAL_FLOAT.test(text) || GO_SPECIAL_FLOAT.test(text)) {
    return Math.fround(Number(text.replace(/inf(?:inity)?$/i, 'Infinity').replace(/^nan$/i, 'NaN')));
  }
  return 0;
}

/** strings.Trim(s, " "): spaces only, not tabs. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x20) end--;
  return text.slice(start, end);
}

interface MediaType {
  mediaType: string;
  params: Map<string, string>;
}

/** unicode.IsSpace: the Latin-1 spaces and the Unicode White_Space characters. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LEADING_GO_SPACES = new RegExp(`^${GO_SPACE.source}+`);
const TRAILING_GO_SPACES = new RegExp(`${GO_SPACE.source}+$`);

/** RFC 2045 tspecials, which with spaces and controls end a token. */
const TSPECIALS = '()<>@,;:\\"/[]?=';

/**
 * Go's `mime.ParseMediaType`, reduced to what the push rule reads: the
 * lower-cased media type and the parameters with lower-cased names, RFC 2231
 * continuations (`name*0`, `name*`) stitched as Go does; `undefined` where Go
 * returns an error.
 */
function parseMediaType(header: string): MediaType | undefined {
  const semicolon = header.indexOf(';');
  const base = semicolon < 0 ? header : header.slice(0, semicolon);
  const mediaType = trimGoSpaces(base.toLowerCase());
  if (!isMediaTypeShape(mediaType)) return undefined;

  const params = new Map<string, string>();
  const continuations = new Map<string, Map<string, string>>();
  let rest = header.slice(base.length);
  while (rest.length > 0) {
    rest = rest.replace(LEADING_GO_SPACES, '');
    if (rest.length === 0) break;
    const param = consumeMediaParam(rest);
    if (param === undefined) {
      // A trailing semicolon is tolerated; any other leftover is an error.
      if (trimGoSpaces(rest) === ';') break;
      return undefined;
    }
    const star = param.name.indexOf('*');
    let target = params;
    if (star >= 0) {
      const baseName = param.name.slice(0, star);
      target = continuations.get(baseName) ?? new Map();
      continuations.set(baseName, target);
    }
    if (target.has(param.name)) return undefined;
    target.set(param.name, param.value);
    rest = param.rest;
  }
  for (const [name, pieces] of continuations) {
    const value = stitchContinuation(name, pieces);
    if (value !== undefined) params.set(name, value);
  }
  return { mediaType, params };
}

/** `type` or `type/subtype`, both tokens, nothing else (checkMediaTypeDisposition). */
function isMediaTypeShape(mediaType: string): boolean {
  const [type, afterType] = consumeToken(mediaType);
  if (type === '') return false;
  if (afterType === '') return true;
  if (!afterType.startsWith('/')) return false;
  const [subType, afterSubType] = consumeToken(afterType.slice(1));
  return subType !== '' && afterSubType === '';
}

function consumeMediaParam(text: string): { name: string; value: string; rest: string } | undefined {
  let rest = text.replace(LEADING_GO_SPACES, '');
  if (!rest.startsWith(';')) return undefined;
  rest = rest.slice(1).replace(LEADING_GO_SPACES, '');
  const [rawName, afterName] = consumeToken(rest);
  if (rawName === '') return undefined;
  rest = afterName.replace(LEADING_GO_SPACES, '');
  if (!rest.startsWith('=')) return undefined;
  rest = rest.slice(1).replace(LEADING_GO_SPACES, '');
  const [value, afterValue] = consumeValue(rest);
  if (value === '' && afterValue === rest) return undefined;
  return { name: rawName.toLowerCase(), value, rest: afterValue };
}

function consumeToken(text: string): [token: string, rest: string] {
  let end = 0;
  while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
  return [text.slice(0, end), text.slice(end)];
}

function isTokenChar(code: number): boolean {
  return code > 0x20 && code < 0x7f && !TSPECIALS.includes(String.fromCharCode(code));
}

/**
 * A token or a quoted string. Inside quotes a backslash escapes only a
 * tspecial (otherwise it is kept, as Go does for MSIE paths), and CR or LF
 * makes the value invalid.
 */
function consumeValue(text: string): [value: string, rest: string] {
  if (!text.startsWith('"')) return consumeToken(text);
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return [value, text.slice(i + 1)];
    const next = text[i + 1];
    if (char === '\\' && next !== undefined && TSPECIALS.includes(next)) {
      value += next;
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') return ['', text];
    value += char;
  }
  return ['', text];
}

/** RFC 2231: `name*` is one encoded value; `name*0`, `name*1*`, ... are pieces in order. */
function stitchContinuation(name: string, pieces: Map<string, string>): string | undefined {
  const single = pieces.get(`${name}*`);
  if (single !== undefined) return decodeRfc2231(single);
  let value = '';
  let found = false;
  for (let n = 0; ; n++) {
    const plain = pieces.get(`${name}*${n}`);
    if (plain !== undefined) {
      found = true;
      value += plain;
      continue;
    }
    const encoded = pieces.get(`${name}*${n}*`);
    if (encoded === undefined) break;
    found = true;
    value += n === 0 ? (decodeRfc2231(encoded) ?? '') : (percentDecode(encoded) ?? '');
  }
  return found ? value : undefined;
}

/** `charset'language'percent-encoded`, charset us-ascii or utf-8 only. */
function decodeRfc2231(text: string): string | undefined {
  const charsetEnd = text.indexOf("'");
  const languageEnd = charsetEnd < 0 ? -1 : text.indexOf("'", charsetEnd + 1);
  if (languageEnd < 0) return undefined;
  const charset = text.slice(0, charsetEnd).toLowerCase();
  if (charset !== 'us-ascii' && charset !== 'utf-8') return undefined;
  return percentDecode(text.slice(languageEnd + 1));
}

/**
 * Percent-decoding to one character per byte: enough to compare against the
 * ASCII values the push rule looks for.
 */
function percentDecode(text: string): string | undefined {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      value += String.fromCharCode(Number.parseInt(hex, 16));
      i += 2;
    } else {
      value += char;
    }
  }
  return value;
}

function trimGoSpaces(text: string): string {
  return text.replace(LEADING_GO_SPACES, '').replace(TRAILING_GO_SPACES, '');
}
