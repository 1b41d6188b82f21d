import { describe, expect, it } from 'vitest';
import { createSwapPool, type SwapPool } from '../../../src-main/swap/swap-pool.ts';
import { WarpCache } from '../../../src-main/swap/warp-cache.ts';
import type { MaskedWarp } from '../../../src-main/swap/swap-frame.ts';
import type { ColorStatsPair, LabStats } from '../../../src-main/swap/color-transfer.ts';
import { poolFaces as faces, poolFrame as frame, poolInit as init } from './pool-fixtures.ts';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** The frame as a swap without any cache makes it (fresh in-process pool, no frame index). */
async function reference(k: number, faceOf = faces): Promise<Uint8Array> {
  const pool = createSwapPool(init, 0);
  try {
    return (await pool.swap(frame(k), faceOf(k))).frame.data;
  } finally {
    await pool.close();
  }
}

function warp(fill: number): MaskedWarp {
  return {
    src: init.source.normal,
    rect: { x0: 1, y0: 2, width: 2, height: 2 },
    rgb: new Uint8Array(12).fill(fill),
    coverage: new Uint8Array(4).fill(1),
    alpha: new Float32Array(4).fill(0.5),
    spans: { y0: 0, y1: 2, first: new Int32Array(2), last: new Int32Array(2).fill(1) },
    faceSize: 2,
  };
}

describe('warp cache (a frame is warped once for its stats and its swap)', () => {
  it('a hit: the swap reuses the stats job warp and gives the same picture as a fresh warp', async () => {
    const expected = await Promise.all([0, 1, 2].map((k) => reference(k)));
    for (const threads of [0, 2]) {
      const pool: SwapPool = createSwapPool(init, threads);
      try {
        for (let k = 0; k < 3; k++) await pool.stats(frame(k), faces(k), 100 + k);
        for (let k = 0; k < 3; k++) {
          const r = await pool.swap(frame(k), faces(k), 100 + k);
          expect(r.reusedWarps, `threads ${threads} frame ${k}`).toBe(1);
          expect(same(r.frame.data, expected[k]!), `threads ${threads} frame ${k}`).toBe(true);
        }
      } finally {
        await pool.close();
      }
    }
  });

  it('keeps copies: later warps in the same thread (scratch reuse) do not change a kept warp', () => {
    const cache = new WarpCache();
    const w = warp(7);
    cache.keeper(5, 200, 150).keep!(0, faces(0)[0]!, w);
    w.rgb.fill(9);
    w.alpha.fill(0);
    w.spans!.last.fill(0);
    const got = cache.taker(5, 200, 150).take!(0, faces(0)[0]!);
    expect(got?.rgb.every((v) => v === 7)).toBe(true);
    expect(got?.alpha.every((v) => v === 0.5)).toBe(true);
    expect(Array.from(got!.spans!.last)).toEqual([1, 1]);
  });

  it('evicts the oldest frames beyond its size, and a swap drops its frame and older ones', () => {
    const cache = new WarpCache(2);
    for (const f of [1, 2, 3]) cache.keeper(f, 200, 150).keep!(0, faces(0)[0]!, warp(f));
    expect(cache.size).toBe(2);
    expect(cache.taker(1, 200, 150).take!(0, faces(0)[0]!)).toBeUndefined(); // evicted
    expect(cache.taker(3, 200, 150).take!(0, faces(0)[0]!)?.rgb[0]).toBe(3);
    expect(cache.size).toBe(0); // frame 2 (older than 3) went with it
    // Taken once: a second swap of the frame warps again.
    cache.keeper(4, 200, 150).keep!(0, faces(0)[0]!, warp(4));
    const take = cache.taker(4, 200, 150).take!;
    expect(take(0, faces(0)[0]!)).toBeDefined();
    expect(take(0, faces(0)[0]!)).toBeUndefined();
    expect(() => new WarpCache(0)).toThrow(/>= 1/);
  });

  it('another placement, frame size or face index is a miss (warped again), a null warp is kept as null', () => {
    const cache = new WarpCache();
    const f0 = faces(0)[0]!;
    const keep = cache.keeper(1, 200, 150).keep!;
    keep(0, f0, warp(1));
    keep(1, f0, null);
    const take = cache.taker(1, 200, 150).take!;
    expect(take(0, { ...f0, affine: faces(1)[0]!.affine })).toBeUndefined();
    expect(take(1, f0)).toBeNull();
    cache.keeper(2, 200, 150).keep!(0, f0, warp(2));
    expect(cache.taker(2, 201, 150).take!(0, f0)).toBeUndefined();
    cache.keeper(3, 200, 150).keep!(0, f0, warp(3));
    expect(cache.taker(3, 200, 150).take!(1, f0)).toBeUndefined();
    // Colour statistics and the track do not change the warp: still a hit.
    cache.keeper(4, 200, 150).keep!(0, f0, warp(4));
    const lab: LabStats = { mean: [1, 2, 3], std: [1, 1, 1], count: 20 };
    const colorStats: ColorStatsPair = { source: lab, target: lab };
    expect(cache.taker(4, 200, 150).take!(0, { ...f0, track: 3, colorStats })).toBeDefined();
  });

  it('a swap without a cached warp still works (no stats job, evicted, or a changed placement)', async () => {
    const pool = createSwapPool(init, 0);
    try {
      const plain = await pool.swap(frame(0), faces(0), 7);
      expect(plain.reusedWarps).toBe(0);
      expect(same(plain.frame.data, await reference(0))).toBe(true);
      // Stats with one placement, the swap with another: warped again, the swap's own placement drawn.
      await pool.stats(frame(1), faces(1), 8);
      const moved = await pool.swap(frame(1), faces(2), 8);
      expect(moved.reusedWarps).toBe(0);
      expect(same(moved.frame.data, await reference(1, (k) => faces(k + 1)))).toBe(true);
      // Margin frames (stats, never swapped) are evicted; the swaps after them still hit.
      for (let f = 20; f < 40; f++) await pool.stats(frame(f % 4), faces(f % 4), f);
      const late = await pool.swap(frame(39 % 4), faces(39 % 4), 39);
      expect(late.reusedWarps).toBe(1);
      const early = await pool.swap(frame(20 % 4), faces(20 % 4), 20);
      expect(early.reusedWarps).toBe(0);
      expect(same(early.frame.data, await reference(0))).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
