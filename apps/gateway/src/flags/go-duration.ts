/**
 * Go's `time.Duration` text forms, because the Pushgateway's duration flags
 * (`--persistence.interval=5m`) are parsed by Go's `time.ParseDuration` and
 * shown back by `Duration.String()` (`5m0s`) in `/api/v1/status`.
 *
 * Durations are whole nanoseconds as `bigint`, the int64 Go uses.
 */

const NANOSECOND = 1n;
const MICROSECOND = 1000n * NANOSECOND;
const MILLISECOND = 1000n * MICROSECOND;
const SECOND = 1000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['µs', MICROSECOND], // U+00B5 micro sign
  ['μs', MICROSECOND], // U+03BC Greek small letter mu
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

/** 2^63: the magnitude limit of an int64 (exclusive for positive durations). */
const INT64_LIMIT = 1n << 63n;

/** The outcome of {@link parseGoDuration}: nanoseconds, or Go's error message. */
export type GoDurationParse = { readonly nanoseconds: bigint } | { readonly error: string };

/**
 * Parses a duration exactly as Go's `time.ParseDuration` does: an optional
 * sign, then one or more decimal numbers (fraction allowed) each with a unit
 * of `ns`, `us`/`µs`, `ms`, `s`, `m` or `h` (`300ms`, `1.5h`, `2h45m`); `0`
 * alone needs no unit. Anything else gives Go's message, e.g.
 * `time: invalid duration "abc"`, `time: missing unit in duration "5"`,
 * `time: unknown unit "x" in duration "5x"`.
 */
export function parseGoDuration(text: string): GoDurationParse {
  const invalid = { error: `time: invalid duration ${quoteLikeGoTime(text)}` };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { nanoseconds: 0n };
  if (rest === '') return invalid;

  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) return invalid;
    const wholeValue = BigInt(whole === '' ? '0' : whole);
    if (wholeValue > INT64_LIMIT) return invalid;
    rest = rest.slice(number?.[0].length ?? 0);

    const unitText = /^[^.\d]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') return { error: `time: missing unit in duration ${quoteLikeGoTime(text)}` };
    const unit = UNITS.get(unitText);
    if (unit === undefined) {
      return {
        error: `time: unknown unit ${quoteLikeGoTime(unitText)} in duration ${quoteLikeGoTime(text)}`,
      };
    }
    rest = rest.slice(unitText.length);

    if (wholeValue > INT64_LIMIT / unit) return invalid;
    let value = wholeValue * unit;
    if (fraction !== undefined && fraction !== '') value += fractionOf(fraction, unit);
    if (value > INT64_LIMIT) return invalid;
    total += value;
    if (total > INT64_LIMIT) return invalid;
  }
  if (!negative && total > INT64_LIMIT - 1n) return invalid;
  return { nanoseconds: negative ? -total : total };
}

/**
 * The nanoseconds a decimal fraction of `unit` adds, computed as Go does: the
 * digits as an integer (ignoring those that would overflow it) times
 * `unit / 10^digits` in float64, truncated.
 */
function fractionOf(digits: string, unit: bigint): bigint {
  let numerator = 0;
  let scale = 1;
  let overflowed = false;
  for (const digit of digits) {
    if (overflowed) continue;
    const next = numerator * 10 + Number(digit);
    // Go stops accumulating once the next digit would overflow int64.
    if (numerator > (2 ** 63 - 1) / 10) {
      overflowed = true;
      continue;
    }
    numerator = next;
    scale *= 10;
  }
  return BigInt(Math.trunc(numerator * (Number(unit) / scale)));
}

/**
 * Renders a duration as Go's `Duration.String()` does: `0s`, `1.5µs`,
 * `500ms`, `1.5s`, `5m0s`, `1h30m0s`, `-2h0m0s`.
 */
export function formatGoDuration(nanoseconds: bigint): string {
  const negative = nanoseconds < 0n;
  const magnitude = negative ? -nanoseconds : nanoseconds;
  const sign = negative ? '-' : '';
  if (magnitude === 0n) return '0s';
  if (magnitude < MICROSECOND) return `${sign}${magnitude}ns`;
  if (magnitude < MILLISECOND) return `${sign}${decimal(magnitude, 3)}µs`;
  if (magnitude < SECOND) return `${sign}${decimal(magnitude, 6)}ms`;

  const seconds = `${decimal(magnitude % MINUTE, 9)}s`;
  const minutes = magnitude / MINUTE;
  if (minutes === 0n) return `${sign}${seconds}`;
  const hours = minutes / 60n;
  if (hours === 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${hours}h${minutes % 60n}m${seconds}`;
}

/** `value / 10^places` with the fraction's trailing zeros (and a bare point) dropped. */
function decimal(value: bigint, places: number): string {
  const divisor = 10n ** BigInt(places);
  const whole = value / divisor;
  const fraction = (value % divisor).toString().padStart(places, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * The quoting of Go's time package: `"` and `\` escaped, every byte of a
 * non-ASCII or control character as `\xNN`.
 */
function quoteLikeGoTime(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of Buffer.from(char, 'utf8')) quoted += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      quoted += char === '"' || char === '\\' ? `\\${char}` : char;
    }
  }
  return `${quoted}"`;
}
