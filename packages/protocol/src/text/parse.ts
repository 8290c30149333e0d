/**
 * The Prometheus text exposition format 0.0.4, read exactly as the Go
 * Pushgateway reads a pushed body (prometheus/common `expfmt.TextParser`):
 * what it accepts, what it refuses, and the message it refuses with.
 *
 * The parser (text-parser.ts) is expfmt's byte-level state machine ported
 * state by state, so that its many quirks come along (a TYPE word may contain
 * backslashes that are dropped, a value may be glued to `}`, `x_count` joins
 * summary `x` only if `x` was declared first, ...), behind a fast path that
 * reads plain sample lines straight from the bytes. Names and label values
 * are flat strings, shared between lines and bodies when they repeat; none
 * keeps the body alive.
 *
 * It follows 1.11's expfmt, which is 1.5.1's plus quoted UTF-8 names, `\"` in
 * HELP text, gauge histograms, float histogram counts and negative-count
 * refusals (and checks `=` before the `__name__` rule). Deliberate
 * differences from it:
 * - Invalid UTF-8 that Go lets through (in comments and HELP text) is refused
 *   with code `invalid_utf8` once the rest of the body has parsed cleanly.
 * - On a line that starts with `{`, Go applies the previous line's family to
 *   labels read before the quoted metric name, and attaches labels to the
 *   previous line's metric when no name is given at all. Here labels are
 *   classified by the named family, and a line without a name is refused with
 *   `invalid metric name` (as 1.5.1 does).
 */

import type { ProtocolError } from '../errors.js';
import type { MetricFamily } from '../model.js';
import type { NameValidation } from '../names.js';
import { parseErrorAt, TextParser } from './text-parser.js';
import { firstLoneSurrogate, isWellFormedText } from './utf8-lossless.js';

/** Options of {@link parseText}. */
export interface ParseTextOptions {
  /** Which metric and label names are acceptable; `legacy` (the Pushgateway default) unless set. */
  validation?: NameValidation;
}

/**
 * Parses a text-format (0.0.4) body into metric families, accepting and
 * refusing exactly what the Go Pushgateway's parser does.
 *
 * Families come in the order their names were first seen; families that end
 * up without samples are dropped. Summary and histogram lines are assembled
 * into one metric per label set (ignoring label order); `quantile` and `le`
 * are parsed as floats; a histogram with any non-integer count is stored with
 * float counts throughout. Timestamps are int64 milliseconds as bigint.
 * Equal label pairs may be one object, shared between metrics and bodies:
 * replace a pair rather than change it.
 *
 * `body` as bytes must be UTF-8; invalid bytes are reported where Go reports
 * them (e.g. `invalid label value "\xff"`), and anywhere else with code
 * `invalid_utf8` after the rest of the body has parsed.
 *
 * @throws ProtocolError with `location.line` set and the message Go gives,
 * `text format parsing error in line N: <reason>`. Nothing else is thrown.
 */
export function parseText(body: string | Uint8Array, options: ParseTextOptions = {}): MetricFamily[] {
  const parser = new TextParser(options.validation ?? 'legacy');
  if (typeof body === 'string') {
    // A string with lone surrogates has no UTF-8 form to read the fast way;
    // the state machine reads it whole, taking them for invalid bytes.
    if (!isWellFormedText(body)) {
      parser.parseWholeText(body);
      throw invalidUtf8OutsideSamples(body);
    }
    parser.parseBytes(utf8Encoder.encode(body));
  } else {
    parser.parseBytes(body);
  }
  return parser.result();
}

const utf8Encoder = new TextEncoder();

/** Invalid UTF-8 that Go would have ignored: in a comment, HELP text, or a bare TYPE/HELP name. */
function invalidUtf8OutsideSamples(text: string): ProtocolError {
  const index = firstLoneSurrogate(text);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return parseErrorAt('invalid_utf8', line, 'invalid UTF-8 in comment or HELP text');
}
