/**
 * How metric and label names appear in the exposition. The Pushgateway 1.11
 * serves text with `escaping=underscores` by default (prometheus/common
 * `model.EscapeMetricFamily`): a name that is not a legacy *metric* name has
 * every offending character replaced by `_`. Legacy names pass through, so
 * this only shows for names that came in under UTF-8 validation or through
 * protobuf (1.5.1 wrote those verbatim, producing an unparsable exposition).
 *
 * Go judges label names by the metric-name rule here too, so a label name
 * with `:` stays as it is.
 */

import { isValidMetricName } from '../names.js';

function isLegacyNameChar(c: number, first: boolean): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x5f ||
    c === 0x3a ||
    (!first && c >= 0x30 && c <= 0x39)
  );
}

/**
 * Go's `EscapeName(name, UnderscoreEscaping)`: legacy-valid and empty names
 * unchanged, otherwise each character (code point) outside
 * `[a-zA-Z_:]`/`[a-zA-Z0-9_:]` becomes one `_`.
 */
export function escapeNameUnderscores(name: string): string {
  if (name.length === 0 || isValidMetricName(name, 'legacy')) return name;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isLegacyNameChar(c, i === 0)) {
      out += name[i];
      continue;
    }
    out += '_';
    // A surrogate pair is one code point, hence one `_`.
    const next = name.charCodeAt(i + 1);
    if (c >= 0xd800 && c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) i++;
  }
  return out;
}
