/**
 * A flat copy of `text`. V8 keeps a string made by concatenation as a rope
 * of many objects, and a substring of a long string (a request path or
 * body) as a slice that keeps the whole original alive; either costs a
 * long-lived store far more than the characters. A JSON round trip is exact
 * for every string (lone surrogates included) and always builds a new,
 * sequential one; only worth it for strings kept for as long as a group.
 */
export function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
