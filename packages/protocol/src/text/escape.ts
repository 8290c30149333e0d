/**
 * The escaping expfmt's text writer applies: HELP text escapes backslash and
 * line feed only (a `"` stays as is); label values and quoted names also
 * escape the double quote.
 */

const BACKSLASH = 0x5c;
const LF = 0x0a;
const QUOTE = 0x22;

function escapeText(text: string, quotes: boolean): string {
  let out = '';
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string;
    if (c === BACKSLASH) replacement = '\\\\';
    else if (c === LF) replacement = '\\n';
    else if (c === QUOTE && quotes) replacement = '\\"';
    else continue;
    out += text.slice(chunkStart, i) + replacement;
    chunkStart = i + 1;
  }
  return chunkStart === 0 ? text : out + text.slice(chunkStart);
}

/** HELP text as Go writes it: `\` → `\\`, line feed → `\n`. */
export function escapeHelp(help: string): string {
  return escapeText(help, false);
}

/** A label value (or quoted name) as Go writes it: `\` → `\\`, line feed → `\n`, `"` → `\"`. */
export function escapeLabelValue(value: string): string {
  return escapeText(value, true);
}
