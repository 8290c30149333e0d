/**
 * Go's float64 text forms, which the Pushgateway uses everywhere a number is
 * rendered as text: `strconv.FormatFloat(v, 'g', -1, 64)` in the exposition and
 * `fmt.Sprint(v)` in the JSON API.
 *
 * Both pick the same shortest round-tripping digits as JavaScript's
 * `Number#toString`; they differ from it only in where the exponent form
 * starts (Go: decimal exponent < -4 or >= 6; JavaScript: < -6 or >= 21) and in
 * how the exponent is written (Go: sign and at least two digits, `1e+06`).
 */

/** Below this magnitude Go switches to the exponent form (exponent < -4). */
const PLAIN_FORM_MIN = 1e-4;
/** From this magnitude on Go switches to the exponent form (exponent >= 6). */
const PLAIN_FORM_LIMIT = 1e6;

/**
 * Renders `value` exactly as Go's text exposition does (`writeFloat` in
 * expfmt): `+Inf`, `-Inf`, `NaN`, `0` for both zeros, otherwise
 * `strconv.FormatFloat(value, 'g', -1, 64)`, e.g. `123456`, `1e+06`,
 * `1.2345678e+07`, `0.0001`, `1e-05`.
 */
export function formatFloat(value: number): string {
  if (value === 0) return '0';
  return formatNonZero(value);
}

/**
 * Renders `value` exactly as Go's `fmt.Sprint(float64)` does (used by the JSON
 * API): the same as {@link formatFloat} except that negative zero is `-0`.
 */
export function formatGoFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return formatNonZero(value);
}

function formatNonZero(value: number): string {
  const magnitude = value < 0 ? -value : value;
  // In this range Go and JavaScript agree digit for digit (plain form, same
  // shortest digits); it covers counters, small gauges and most bucket bounds.
  if (magnitude >= PLAIN_FORM_MIN && magnitude < PLAIN_FORM_LIMIT) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  if (magnitude === Number.POSITIVE_INFINITY) return value > 0 ? '+Inf' : '-Inf';
  return goExponentForm(value.toExponential());
}

/**
 * Turns JavaScript's shortest exponent form (`1.5e+7`, `5e-324`) into Go's
 * (`1.5e+07`, `5e-324`): the exponent gets at least two digits.
 */
function goExponentForm(jsExponential: string): string {
  const e = jsExponential.indexOf('e');
  // `e`, a sign, then the digits: a single digit needs a leading zero.
  if (jsExponential.length - e === 3) {
    return `${jsExponential.slice(0, e + 2)}0${jsExponential.slice(e + 2)}`;
  }
  return jsExponential;
}
