/**
 * Go's `time.RFC3339Nano` rendering of an instant in the process's local
 * time zone, as encoding/json writes a `time.Time`: `2026-11-27T15:11:40.070241Z`,
 * `2020-03-10T00:54:08.025744841+05:30` (fraction trimmed of trailing zeros,
 * `Z` for a zero offset).
 */

/**
 * Formats `epochMs` (a sub-millisecond fraction allowed; it is rounded to
 * whole microseconds, the precision a float64 of milliseconds carries) in
 * the local time zone.
 */
export function formatRfc3339Nano(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const wholeMs = Math.floor(micros / 1000);
  const date = new Date(wholeMs);
  const nanos = (micros - wholeMs * 1000) * 1000 + date.getMilliseconds() * 1_000_000;
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  const offsetMinutes = -date.getTimezoneOffset();
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${offsetMinutes > 0 ? '+' : '-'}${two(Math.floor(Math.abs(offsetMinutes) / 60))}:${two(Math.abs(offsetMinutes) % 60)}`;
  return (
    `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}${fraction}${zone}`
  );
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}
