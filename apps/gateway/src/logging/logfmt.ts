/**
 * logfmt lines as the Go pushgateway writes them (go-kit's logfmt):
 * `ts=2026-11-27T15:56:45.616Z level=info msg="starting pushgate" key=value`.
 */

/** Keys that lead every line, in this order, when present. */
const LEADING_KEYS = ['ts', 'level', 'msg'] as const;

/**
 * Turns one JSON log record (as pino writes it, one object per line) into a
 * logfmt line ending with a newline. `ts`, `level` and `msg` come first, the
 * other fields follow in their order. Nested values are written as JSON.
 */
export function jsonRecordToLogfmt(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return `msg=${logfmtValue(jsonLine.trimEnd())}\n`;
  }
  const pairs: string[] = [];
  for (const key of LEADING_KEYS) {
    if (key in record) pairs.push(`${key}=${logfmtValue(record[key])}`);
  }
  for (const [key, value] of Object.entries(record)) {
    if ((LEADING_KEYS as readonly string[]).includes(key)) continue;
    pairs.push(`${logfmtKey(key)}=${logfmtValue(value)}`);
  }
  return `${pairs.join(' ')}\n`;
}

/** A key with the characters logfmt cannot carry (space, `=`, `"`, controls) replaced by `_`. */
function logfmtKey(key: string): string {
  const cleaned = [...key].map((char) => (needsQuoting(char) && char !== '\\' ? '_' : char)).join('');
  return cleaned === '' ? '_' : cleaned;
}

/** A value, quoted and escaped only when it contains a space, `=`, `"` or a control character. */
function logfmtValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : value === undefined
        ? ''
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value);
  if (![...text].some(needsQuoting)) return text;
  let quoted = '"';
  for (const char of text) {
    if (char === '"' || char === '\\') quoted += `\\${char}`;
    else if (char === '\n') quoted += '\\n';
    else if (char === '\r') quoted += '\\r';
    else if (char === '\t') quoted += '\\t';
    else if (char < ' ' || char === '\x7f')
      quoted += `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else quoted += char;
  }
  return `${quoted}"`;
}

/** Characters that force a value into quotes: whitespace, `=`, `"`, `\\` and controls. */
function needsQuoting(char: string): boolean {
  return /\s/.test(char) || char === '=' || char === '"' || char === '\\' || isControl(char);
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
