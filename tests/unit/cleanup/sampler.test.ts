import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { cropSetOf } from '../../../src-main/cleanup/crop-set.ts';
import { disposePair, paired, PairSampler } from '../../../src-main/cleanup/sampler.ts';
import { syntheticCropBytes } from '../../support/cleanup-crops.ts';

const S = 16;
const set = (seeds: number[], frames: number[], cast: boolean) =>
  cropSetOf(
    S,
    seeds.map((seed, i) => ({ data: syntheticCropBytes(S, seed, cast), yaw: 0, frame: frames[i]! })),
  );

describe('cleanup pair sampler', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('knows when A and B are the same frames (the paired colour term needs them)', () => {
    const a = set([1, 2, 3], [4, 7, 9], true);
    expect(paired(a, set([1, 2, 3, 5], [4, 7, 9, 100], false))).toBe(true);
    expect(paired(a, set([1, 2], [4, 7], false))).toBe(false);
    expect(paired(a, set([1, 2, 3], [4, 8, 9], false))).toBe(false);
  });

  it("gives A's real frame with A's own zoom, shift and flip when paired, none otherwise", () => {
    const a = set([1, 2, 3], [4, 7, 9], true);
    const b = set([1, 2, 3], [4, 7, 9], false);
    const start = tf.memory().numTensors;
    const pair = new PairSampler(a, b, 5).pair(3);
    expect(pair.realA).toBeDefined();
    // The same crop without the cast: identical outside the face, where the matte is 0.
    const [x, r, m] = [pair.a.dataSync(), pair.realA!.dataSync(), pair.matteA.dataSync()];
    let outside = 0;
    for (let p = 0; p < m.length; p++) {
      if (m[p]! > 0) continue;
      outside++;
      for (let c = 0; c < 3; c++) expect(Math.abs(x[p * 3 + c]! - r[p * 3 + c]!)).toBeLessThan(1e-5);
    }
    expect(outside).toBeGreaterThan(0);
    disposePair(pair);
    const other = new PairSampler(a, set([5, 6, 7], [1, 2, 3], false), 5).pair(3);
    expect(other.realA).toBeUndefined();
    disposePair(other);
    expect(tf.memory().numTensors).toBe(start);
  });
});
