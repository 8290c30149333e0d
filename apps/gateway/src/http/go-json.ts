/**
 * JSON text as Go's encoding/json writes it, for the `/api/v1` endpoints:
 * maps with their keys sorted byte-wise, `<`, `>` and `&` escaped as
 * `\u003c`, `\u003e`, `\u0026`, U+2028/U+2029 escaped, other non-ASCII left
 * as is, and control characters other than `\n`, `\r`, `\t` as `\u00XX`
 * (Go 1.19, the reference binary's compiler, also writes `\b` and `\f` so).
 *
 * Values are built as {@link GoJson} trees: arrays, strings, booleans,
 * integers, `null`, {@link GoJsonObject} for structs (fields in the order
 * given) and {@link goJsonMap} for maps (keys sorted).
 */
import { compareUtf8 } from '@pushgate/protocol';

/** An object whose entries are written in the given order, like a Go struct. */
export interface GoJsonObject {
  readonly entries: readonly (readonly [string, GoJson])[];
}

export type GoJson = string | number | boolean | null | readonly GoJson[] | GoJsonObject;

/** A Go map: the entries sorted by key as Go sorts them (later duplicates win). */
export function goJsonMap(entries: Iterable<readonly [string, GoJson]>): GoJsonObject {
  const byKey = new Map<string, GoJson>();
  for (const [key, value] of entries) byKey.set(key, value);
  return { entries: [...byKey].sort((a, b) => compareUtf8(a[0], b[0])) };
}

/** A Go struct: the entries in the order given. */
export function goJsonStruct(entries: readonly (readonly [string, GoJson])[]): GoJsonObject {
  return { entries };
}

/** Serialises `value` as Go's `json.Marshal` would, without a trailing newline. */
export function goJsonStringify(value: GoJson): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJsonStringify).join(',')}]`;
  const object = value as GoJsonObject;
  return `{${object.entries.map(([key, item]) => `${goJsonString(key)}:${goJsonStringify(item)}`).join(',')}}`;
}

/** A JSON string literal with Go's escaping. */
export function goJsonString(text: string): string {
  if (!needsEscaping(text)) return `"${text}"`;
  let quoted = '"';
  for (const char of text) {
    switch (char) {
      case '"':
        quoted += '\\"';
        break;
      case '\\':
        quoted += '\\\\';
        break;
      case '\n':
        quoted += '\\n';
        break;
      case '\r':
        quoted += '\\r';
        break;
      case '\t':
        quoted += '\\t';
        break;
      default: {
        const code = char.codePointAt(0) ?? 0;
        quoted += escapedAsUnicode(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
      }
    }
  }
  return `${quoted}"`;
}

/** Whether Go writes the character as `\u00XX`: controls, `<`, `>`, `&`, U+2028 and U+2029. */
function escapedAsUnicode(code: number): boolean {
  return code < 0x20 || code === 0x3c || code === 0x3e || code === 0x26 || code === 0x2028 || code === 0x2029;
}

/** Whether `text` holds anything Go escapes (the fast path skips the loop otherwise). */
function needsEscaping(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x5c || escapedAsUnicode(code)) return true;
  }
  return false;
}
