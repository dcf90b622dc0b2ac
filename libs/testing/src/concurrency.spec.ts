import { mapLimit } from './concurrency';

describe('mapLimit', () => {
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('returns the results in the order of the items, never running more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      running++;
      most = Math.max(most, running);
      for (let k = 0; k < n; k++) await tick();
      running--;
      return `${i}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(most).toBe(3);
  });

  it('answers an empty list at once', async () => {
    expect(await mapLimit([], 4, () => Promise.reject(new Error('not called')))).toEqual([]);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('item 1 failed');
      return n;
    });
    await expect(run).rejects.toThrow('item 1 failed');
    for (let k = 0; k < 5; k++) await tick();
    expect(started).toEqual([0, 1, 2]);
  });
});
