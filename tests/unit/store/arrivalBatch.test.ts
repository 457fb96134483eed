// The renderer's arrival batch with real timers: a burst of 2,500 arrivals (hosts of a collection from many hosts)
// becomes a few applications, in order, none lost; a lone arrival is applied at once.
import { describe, expect, it } from 'vitest';
import { arrivalBatch } from '../../../src/renderer/src/store/arrivalBatch';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('arrivalBatch', () => {
  it('applies 2,500 arrivals over a second in a handful of batches, in order, none lost', async () => {
    const batches: number[][] = [];
    const batch = arrivalBatch<number>(300, (items) => batches.push(items));
    // 2,500 arrivals, 25 every 10 ms: about a second, as 2,500 hosts answer in an 8 s sweep's busiest second.
    for (let round = 0; round < 100; round += 1) {
      for (let item = 0; item < 25; item += 1) batch.add(round * 25 + item);
      await sleep(10);
    }
    await sleep(350);
    expect(batches.flat()).toEqual(Array.from({ length: 2500 }, (_, index) => index));
    // The first at once, then one per 300 ms at most: 1 + ceil(~1.1 s / 300 ms).
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(batches.length).toBeLessThanOrEqual(6);
    expect(batches[0]).toEqual([0]);
  });

  it('applies a lone arrival at once, and flush applies what waits without waiting', async () => {
    const batches: string[][] = [];
    const batch = arrivalBatch<string>(300, (items) => batches.push(items));
    batch.add('connect');
    expect(batches).toEqual([['connect']]);
    batch.add('a');
    batch.add('b');
    expect(batches).toHaveLength(1);
    batch.flush();
    expect(batches).toEqual([['connect'], ['a', 'b']]);
    await sleep(350);
    expect(batches).toHaveLength(2);
    batch.add('later');
    expect(batches.at(-1)).toEqual(['later']);
  });

  it('drops what waits on clear, and never applies an empty batch', async () => {
    const batches: number[][] = [];
    const batch = arrivalBatch<number>(100, (items) => batches.push(items));
    batch.add(1);
    batch.add(2);
    batch.clear();
    batch.flush();
    await sleep(150);
    expect(batches).toEqual([[1]]);
  });
});
