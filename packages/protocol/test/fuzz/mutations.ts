/**
 * Mutation fuzzing for exposition bodies: a valid body changed by a few
 * byte-level edits (flip, insert, delete, duplicate, splice in a token that
 * matters to the grammar), as fast-check arbitraries, so that failures
 * shrink to the fewest edits. How many cases a run tries comes from the
 * FUZZ_RUNS environment variable (default given per test), so CI stays fast
 * and a long hunt is one variable away.
 */
import fc from 'fast-check';

/** Cases per property: FUZZ_RUNS when set, `fallback` otherwise. */
export function fuzzRuns(fallback: number): number {
  const configured = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
}

/** A test timeout that leaves room for FUZZ_RUNS cases: an hour when it is set, vitest's default otherwise. */
export function fuzzTimeoutMs(): number | undefined {
  return process.env.FUZZ_RUNS === undefined ? undefined : 3_600_000;
}

/** Tokens that the text grammar (and protobuf framing) react to. */
export const TOKENS: readonly string[] = [
  '{',
  '}',
  '"',
  '\\',
  '\\"',
  '\\n',
  '\n',
  '#',
  ' ',
  '\t',
  '=',
  ',',
  '.',
  '-',
  '+',
  'e',
  'E',
  '0',
  '1',
  '9',
  'NaN',
  '+Inf',
  '-Inf',
  'Inf',
  '0x1p3',
  '1e308',
  '1e309',
  '9223372036854775807',
  '18446744073709551616',
  '# TYPE ',
  '# HELP ',
  ' counter',
  ' gauge',
  ' histogram',
  ' summary',
  ' untyped',
  ' gaugehistogram',
  '_bucket',
  '_sum',
  '_count',
  'le',
  'quantile',
  '__name__',
  'job',
  '"+Inf"',
  '\u00e9',
  '\ufffd',
  '😀',
];

type Edit =
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.constantFrom(...TOKENS).map((token) => new TextEncoder().encode(token)),
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 16 }),
  }),
);

function apply(body: Uint8Array, change: Edit): Uint8Array {
  const at = body.length === 0 ? 0 : change.at % (body.length + 1);
  switch (change.kind) {
    case 'flip': {
      if (body.length === 0) return body;
      const copy = Uint8Array.from(body);
      copy[at % body.length] = change.byte;
      return copy;
    }
    case 'insert':
      return concat(body.subarray(0, at), change.bytes, body.subarray(at));
    case 'delete':
      return concat(body.subarray(0, at), body.subarray(at + change.length));
    case 'duplicate':
      return concat(
        body.subarray(0, at + change.length),
        body.subarray(at, at + change.length),
        body.subarray(at + change.length),
      );
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A body from `seeds` with one to `maxEdits` edits applied. */
export function mutated(seeds: readonly Uint8Array[], maxEdits = 4): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: maxEdits }))
    .map(([seed, edits]) => edits.reduce(apply, seed));
}
