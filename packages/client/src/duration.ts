// Prometheus duration syntax (prometheus/common model.ParseDuration): units in
// descending order, each at most once, integers only; "0" alone is allowed.
const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

const UNIT_MS = [
  365 * 24 * 3_600_000, // y
  7 * 24 * 3_600_000, // w
  24 * 3_600_000, // d
  3_600_000, // h
  60_000, // m
  1_000, // s
  1, // ms
] as const;

/**
 * Parses a Prometheus duration such as `2h`, `1h30m`, `90s`, `500ms` or `0`
 * into milliseconds. Returns `undefined` for anything else (empty, negative,
 * fractions, units out of order), never throws.
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const match = DURATION_PATTERN.exec(text);
  if (match === null) return undefined;
  let total = 0;
  UNIT_MS.forEach((unitMs, index) => {
    const amount = match[index + 1];
    if (amount !== undefined) total += Number(amount) * unitMs;
  });
  return Number.isSafeInteger(total) ? total : undefined;
}
