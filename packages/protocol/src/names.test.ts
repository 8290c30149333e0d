import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeValuesName,
  isReservedLabelName,
  isValidLabelName,
  isValidMetricName,
  isWellFormedUnicode,
  unescapeValuesName,
} from './names.js';

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe('isValidMetricName', () => {
  it.each([
    ['http_requests_total', true],
    ['_', true],
    [':', true],
    ['a:b:c', true],
    ['A9', true],
    ['', false],
    ['9a', false],
    ['a-b', false],
    ['a.b', false],
    ['a b', false],
    ['é', false],
    ['a\n', false],
  ])('legacy %j → %s', (name, valid) => {
    expect(isValidMetricName(name, 'legacy')).toBe(valid);
  });

  it.each([
    ['my.metric', true],
    ['9a', true],
    ['Προμηθεύς', true],
    ['😀', true],
    ['', false],
    ['a\ud800', false],
    ['\udc00b', false],
  ])('utf8 %j → %s', (name, valid) => {
    expect(isValidMetricName(name, 'utf8')).toBe(valid);
  });

  it('matches the legacy regular expression on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 8 }), (name) => {
        expect(isValidMetricName(name, 'legacy')).toBe(LEGACY_METRIC_NAME.test(name));
      }),
    );
  });
});

describe('isValidLabelName', () => {
  it.each([
    ['job', true],
    ['_', true],
    ['__name__', true],
    ['a1', true],
    ['U__a_2e_b', true],
    ['', false],
    ['1a', false],
    ['a:b', false],
    ['a-b', false],
    ['a.b', false],
    ['a b', false],
  ])('legacy %j → %s', (name, valid) => {
    expect(isValidLabelName(name, 'legacy')).toBe(valid);
  });

  it.each([
    ['foo.bar', true],
    ['a b', true],
    ['1', true],
    ['', false],
    ['\ud83d', false],
  ])('utf8 %j → %s', (name, valid) => {
    expect(isValidLabelName(name, 'utf8')).toBe(valid);
  });

  it('matches the legacy regular expression on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 8 }), (name) => {
        expect(isValidLabelName(name, 'legacy')).toBe(LEGACY_LABEL_NAME.test(name));
      }),
    );
  });
});

describe('isReservedLabelName', () => {
  it.each([
    ['__name__', true],
    ['__', true],
    ['__a', true],
    ['_a', false],
    ['a__', false],
    ['_', false],
    ['', false],
  ])('%j → %s', (name, reserved) => {
    expect(isReservedLabelName(name)).toBe(reserved);
  });
});

describe('isWellFormedUnicode', () => {
  it.each([
    ['', true],
    ['abc', true],
    ['😀', true],
    ['\ud83d\ude00x', true],
    ['\ud83d', false],
    ['x\ude00', false],
    ['\ude00\ud83d', false],
    ['\ud83d\ud83d\ude00', false],
  ])('%j → %s', (s, wellFormed) => {
    expect(isWellFormedUnicode(s)).toBe(wellFormed);
  });

  it('agrees with a strict UTF-8 round trip', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        (s, unit) => {
          const broken = s + String.fromCharCode(unit);
          const roundTrips = new TextDecoder().decode(new TextEncoder().encode(broken)) === broken;
          expect(isWellFormedUnicode(broken)).toBe(roundTrips);
          expect(isWellFormedUnicode(s)).toBe(true);
        },
      ),
    );
  });
});

describe('unescapeValuesName (Go model.UnescapeName, ValueEncodingEscaping)', () => {
  it.each([
    // From the Pushgateway README and behaviour notes §3.10.
    ['U__foo_2e_bar', 'foo.bar'],
    ['U___5f__5f_x', '__x'],
    // Without the prefix, names are left alone.
    ['foo_2e_bar', 'foo_2e_bar'],
    ['u__foo_2e_bar', 'u__foo_2e_bar'],
    ['', ''],
    ['U__', ''],
    ['U__a__b', 'a_b'],
    ['U__a_2E_b', 'a.b'],
    ['U___1f600_', '😀'],
    ['U___fffff_', '\u{fffff}'],
    ['U___0_', '\0'],
    // Malformed escapes return the input unchanged.
    ['U__a_', 'U__a_'],
    ['U__a_2e', 'U__a_2e'],
    ['U__a_2g_', 'U__a_2g_'],
    ['U__a_-1_', 'U__a_-1_'],
    ['U___10ffff_', 'U___10ffff_'],
    ['U___0000041_', 'U___0000041_'],
    ['U___d800_', 'U___d800_'],
    ['U___dfff_', 'U___dfff_'],
    // Go lower-cases with `| 0x20`, so U+0010–U+0019 count as digits.
    ['U___\u0014\u0011_', 'A'],
    // Non-ASCII passes through outside escapes.
    ['U__é_2e_', 'é.'],
  ])('%j → %j', (name, unescaped) => {
    expect(unescapeValuesName(name)).toBe(unescaped);
  });
});

describe('escapeValuesName', () => {
  it.each([
    ['foo.bar', 'U__foo_2e_bar'],
    ['a_b', 'U__a__b'],
    ['1a', 'U__1a'],
    ['a:b', 'U__a_3a_b'],
    ['😀', 'U___1f600_'],
  ])('%j → %j', (name, escaped) => {
    expect(escapeValuesName(name)).toBe(escaped);
  });

  it('round-trips through unescapeValuesName below U+100000', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (name) => {
        fc.pre([...name].every((char) => (char.codePointAt(0) ?? 0) < 0x100000));
        const escaped = escapeValuesName(name);
        expect(escaped).toMatch(/^U__[A-Za-z0-9_]*$/);
        expect(unescapeValuesName(escaped)).toBe(name);
      }),
    );
  });

  it('cannot round-trip code points from U+100000, which Go refuses to unescape', () => {
    const escaped = escapeValuesName('\u{100000}');
    expect(escaped).toBe('U___100000_');
    expect(unescapeValuesName(escaped)).toBe(escaped);
  });
});
