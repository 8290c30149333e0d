/**
 * Fuzzing the two push-body parsers: arbitrary bytes and mutations of valid
 * bodies (text and protobuf) never make them throw anything but a
 * ProtocolError, and whatever they accept is a well-formed model that the
 * writers can handle. FUZZ_RUNS=<n> runs n cases per property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDelimited,
  encodeDelimited,
  isProtocolError,
  type MetricFamily,
  parseText,
  writeText,
} from '../../src/index.js';
import { fuzzRuns, fuzzTimeoutMs, mutated } from './mutations.js';
import { PROTOBUF_SEEDS, TEXT_SEED_BYTES } from './seed-bodies.js';

/** Runs `parse`; anything thrown must be a ProtocolError. Returns the families or undefined. */
function onlyProtocolErrors(parse: () => MetricFamily[]): MetricFamily[] | undefined {
  try {
    return parse();
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return undefined;
  }
}

const anyBytes = fc.uint8Array({ maxLength: 256 });

describe('text parser fuzzing', () => {
  it(
    'refuses arbitrary bytes only with ProtocolError',
    () => {
      fc.assert(
        fc.property(anyBytes, (body) => {
          onlyProtocolErrors(() => parseText(body));
        }),
        { numRuns: fuzzRuns(3000) },
      );
    },
    fuzzTimeoutMs(),
  );

  it(
    'handles mutated valid bodies: ProtocolError, or families the writer can write',
    () => {
      fc.assert(
        fc.property(
          mutated(TEXT_SEED_BYTES),
          fc.constantFrom('legacy', 'utf8' as const),
          (body, validation) => {
            const families = onlyProtocolErrors(() => parseText(body, { validation }));
            if (families !== undefined) {
              for (const family of families) expect(typeof writeText([family])).toBe('string');
            }
          },
        ),
        { numRuns: fuzzRuns(3000) },
      );
    },
    fuzzTimeoutMs(),
  );
});

describe('protobuf decoder fuzzing', () => {
  it(
    'refuses arbitrary bytes only with ProtocolError',
    () => {
      fc.assert(
        fc.property(anyBytes, (body) => {
          onlyProtocolErrors(() => decodeDelimited(body));
        }),
        { numRuns: fuzzRuns(3000) },
      );
    },
    fuzzTimeoutMs(),
  );

  it(
    'handles mutated valid bodies: ProtocolError, or families that encode again',
    () => {
      fc.assert(
        fc.property(mutated(PROTOBUF_SEEDS), (body) => {
          const families = onlyProtocolErrors(() => decodeDelimited(body));
          if (families !== undefined) expect(encodeDelimited(families)).toBeInstanceOf(Uint8Array);
        }),
        { numRuns: fuzzRuns(3000) },
      );
    },
    fuzzTimeoutMs(),
  );
});
