import { describe, expect, it } from 'vitest';
import { memoisedCollection } from './memoised-collection.js';

describe('memoisedCollection', () => {
  const counting = () => {
    let calls = 0;
    let clock = 0;
    const memo = memoisedCollection(
      async () => {
        calls++;
        return calls;
      },
      1000,
      () => clock,
    );
    return { memo, calls: () => calls, advance: (ms: number) => (clock += ms) };
  };

  it('reuses the last result until it is invalidated', async () => {
    const { memo, calls } = counting();
    expect(await memo.get()).toBe(1);
    expect(await memo.get()).toBe(1);
    memo.invalidate();
    expect(await memo.get()).toBe(2);
    expect(calls()).toBe(2);
  });

  it('collects again once the last result is maxAgeMs old', async () => {
    const { memo, advance } = counting();
    expect(await memo.get()).toBe(1);
    advance(999);
    expect(await memo.get()).toBe(1);
    advance(1);
    expect(await memo.get()).toBe(2);
  });

  it('does not keep a failed collection', async () => {
    let fail = true;
    const memo = memoisedCollection(async () => {
      if (fail) throw new Error('collector broke');
      return 'ok';
    }, 1000);
    await expect(memo.get()).rejects.toThrow('collector broke');
    fail = false;
    expect(await memo.get()).toBe('ok');
  });
});
