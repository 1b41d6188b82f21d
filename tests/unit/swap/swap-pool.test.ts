import { describe, expect, it } from 'vitest';
import { createSwapPool } from '../../../src-main/swap/swap-pool.ts';
import { MAX_THREADS } from '../../../src-main/util/limits.ts';
import { poolFaces as faces, poolFrame as frame, poolInit as init } from './pool-fixtures.ts';

describe('swap worker pool', () => {
  it('gives the same frames as the in-thread path, in order, with the matte in alpha', async () => {
    const pool = createSwapPool(init, 2);
    const local = createSwapPool(init, 0);
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, k) => pool.swap(frame(k), faces(k))));
      for (let k = 0; k < 8; k++) {
        const ref = await local.swap(frame(k), faces(k));
        expect(Buffer.from(results[k]!.frame.data).equals(Buffer.from(ref.frame.data))).toBe(true);
        const alpha = results[k]!.frame.data.filter((_, i) => i % 4 === 3);
        expect(Buffer.from(alpha).equals(Buffer.from(ref.matte))).toBe(true);
        expect(ref.matte.some((m) => m === 255)).toBe(true);
      }
    } finally {
      await pool.close();
      await local.close();
    }
  });

  it('a stats job gives the in-thread statistics, returns the frame unchanged, and smoothed statistics recolour', async () => {
    const pool = createSwapPool(init, 2);
    const local = createSwapPool(init, 0);
    try {
      for (let k = 0; k < 4; k++) {
        const before = Uint8Array.from(frame(k).data);
        const r = await pool.stats(frame(k), faces(k));
        const ref = await local.stats(frame(k), faces(k));
        expect(Buffer.from(r.frame.data).equals(Buffer.from(before))).toBe(true);
        expect(r.stats).toEqual(ref.stats);
        expect(r.stats[0]!.source.count).toBeGreaterThan(16);
      }
      // Recolouring with given statistics equals recolouring with the frame's own when they are the same.
      const own = (await local.stats(frame(1), faces(1))).stats[0]!;
      const a = await pool.swap(frame(1), faces(1));
      const b = await pool.swap(frame(1), [{ ...faces(1)[0]!, colorStats: own }]);
      expect(Buffer.from(a.frame.data).equals(Buffer.from(b.frame.data))).toBe(true);
      // Other statistics (a brighter target) give another picture.
      const brighter = {
        ...own,
        target: {
          ...own.target,
          mean: [own.target.mean[0] + 10, own.target.mean[1], own.target.mean[2]] as [number, number, number],
        },
      };
      const c = await pool.swap(frame(1), [{ ...faces(1)[0]!, colorStats: brighter }]);
      expect(Buffer.from(a.frame.data).equals(Buffer.from(c.frame.data))).toBe(false);
    } finally {
      await pool.close();
      await local.close();
    }
  });

  it('refuses more threads than the cap before starting any (a caller of the engine, not only the CLI)', () => {
    expect(() => createSwapPool(init, MAX_THREADS + 1)).toThrow(
      /swap threads must be a whole number from 0 to/,
    );
    expect(() => createSwapPool(init, 1000)).toThrow(/got 1000/);
    expect(() => createSwapPool(init, 1.5)).toThrow(/got 1.5/);
  });

  it('reports a bad job as an error and keeps working', async () => {
    const pool = createSwapPool(init, 1);
    try {
      await expect(
        pool.swap(frame(0), [{ affine: [1, 0, 0, 0, 0, 1, 0, 0], depth: [1, 2], mirrored: false }]),
      ).rejects.toThrow(/68 depths/);
      const ok = await pool.swap(frame(1), faces(1));
      expect(ok.frame.width).toBe(200);
    } finally {
      await pool.close();
    }
  });
});
