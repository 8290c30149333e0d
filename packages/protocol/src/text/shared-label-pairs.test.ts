import { describe, expect, it } from 'vitest';
import { cachedAsciiSlot, UNCACHED, viewOf } from './byte-strings.js';
import { parseText } from './parse.js';
import { sharedLabelPair } from './shared-label-pairs.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The byte-string cache slot of `text`, as the parser would look it up. */
function slotOf(text: string): number {
  const bytes = encode(text);
  return cachedAsciiSlot(bytes, viewOf(bytes), 0, bytes.length);
}

describe('sharedLabelPair', () => {
  it('gives the same pair for the same name and value', () => {
    const slot = slotOf('backup');
    const first = sharedLabelPair('job', 'backup', slot);
    expect(first).toEqual({ name: 'job', value: 'backup' });
    expect(sharedLabelPair('job', 'backup', slot)).toBe(first);
  });

  it('gives a pair of the asked name when the value was last cached under another name', () => {
    const slot = slotOf('shared-value');
    const job = sharedLabelPair('job', 'shared-value', slot);
    const instance = sharedLabelPair('instance', 'shared-value', slot);
    expect(instance).toEqual({ name: 'instance', value: 'shared-value' });
    expect(job).toEqual({ name: 'job', value: 'shared-value' });
  });

  it('gives a pair of the asked value when its slot holds another one', () => {
    const slot = slotOf('first');
    sharedLabelPair('job', 'first', slot);
    expect(sharedLabelPair('job', 'second', slot)).toEqual({ name: 'job', value: 'second' });
  });

  it('makes a new pair for an uncached value', () => {
    const long = 'v'.repeat(100);
    expect(slotOf(long)).toBe(UNCACHED);
    const pair = sharedLabelPair('job', long, UNCACHED);
    expect(pair).toEqual({ name: 'job', value: long });
    expect(sharedLabelPair('job', long, UNCACHED)).not.toBe(pair);
  });
});

describe('parseText label pairs', () => {
  it('are shared between the metrics of a body that repeat them, and hold their own values', () => {
    const [family] = parseText('m{job="a",shard="1"} 1\nm{job="a",shard="2"} 2\nm{job="b",shard="1"} 3\n');
    const [first, second, third] = family!.metric;
    expect(second!.label[0]).toBe(first!.label[0]);
    expect(third!.label[1]).toBe(first!.label[1]);
    expect(third!.label.map((pair) => pair.value)).toEqual(['b', '1']);
    expect(second!.label.map((pair) => pair.value)).toEqual(['a', '2']);
  });
});
