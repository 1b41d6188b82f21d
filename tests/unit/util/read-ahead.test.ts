import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../src-main/util/read-ahead.ts';

/** A producer that records how far it has been asked to go and whether it was closed. */
function producer(n: number, failAt = -1) {
  const log = { produced: 0, closed: false };
  async function* gen(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`bad item ${i}`);
        log.produced++;
        yield i;
      }
    } finally {
      log.closed = true;
    }
  }
  return { log, gen: gen() };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('readAhead', () => {
  it('gives every item in order, producing at most depth + 1 ahead of the consumer', async () => {
    const { log, gen } = producer(10);
    const it = readAhead(gen, 2);
    const got: number[] = [];
    for await (const v of it) {
      got.push(v);
      await tick();
      expect(log.produced - got.length).toBeLessThanOrEqual(3);
      if (got.length < 8) expect(log.produced - got.length).toBeGreaterThanOrEqual(2); // it did read ahead
    }
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.closed).toBe(true);
  });

  it('gives the items before an error, then the error', async () => {
    const { gen } = producer(10, 4);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of readAhead(gen, 2)) got.push(v);
      })(),
    ).rejects.toThrow(/bad item 4/);
    expect(got).toEqual([0, 1, 2, 3]);
  });

  it('closing early closes the producer; depth 0 reads nothing ahead; a bad depth is refused', async () => {
    const a = producer(100);
    for await (const v of readAhead(a.gen, 2)) if (v === 3) break;
    expect(a.log.closed).toBe(true);
    expect(a.log.produced).toBeLessThanOrEqual(7);
    const b = producer(5);
    const it = readAhead(b.gen, 0);
    await it.next();
    await tick();
    expect(b.log.produced).toBe(1);
    await it.return(undefined);
    await expect(readAhead(producer(1).gen, -1).next()).rejects.toThrow(/depth/);
  });
});
