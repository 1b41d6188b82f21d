import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { lsgan, lsganWeighted, pairedColourLoss, patchWeights } from '../../../src-main/cleanup/losses.ts';
import { applyResidual, matteWeight } from '../../../src-main/cleanup/residual.ts';
import { DEFAULT_CLEANUP_CONFIG } from '../../../src-main/cleanup/config.ts';

describe('cleanup losses and residual shape', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('weighted LSGAN: uniform weights give the plain loss, zero-weight patches do not count', () => {
    tf.tidy(() => {
      const pred = tf.tensor4d([0.2, 0.9, -0.4, 3], [1, 2, 2, 1]);
      const plain = lsgan(pred, 1).dataSync()[0]!;
      expect(lsganWeighted(pred, 1, tf.onesLike(pred)).dataSync()[0]).toBeCloseTo(plain, 5);
      expect(lsganWeighted(pred, 1, null).dataSync()[0]).toBeCloseTo(plain, 6);
      // Only the first two patches weigh: the outlier (3) in the last one is ignored.
      const w = tf.tensor4d([1, 1, 0, 0], [1, 2, 2, 1]);
      const expected = ((0.2 - 1) ** 2 + (0.9 - 1) ** 2) / 2;
      expect(lsganWeighted(pred, 1, w).dataSync()[0]).toBeCloseTo(expected, 5);
    });
  });

  it('patch weights: the matte, dilated, averaged over each PatchGAN cell', () => {
    tf.tidy(() => {
      // A 16 px crop whose matte is one 4x4 block in the top-left corner; a 4x4 score map (4 px cells).
      const m = new Float32Array(16 * 16);
      for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) m[y * 16 + x] = 1;
      const matte = tf.tensor4d(m, [1, 16, 16, 1]);
      const w0 = patchWeights(matte, [1, 4, 4, 1], 0);
      expect(w0.shape).toEqual([1, 4, 4, 1]);
      const v0 = Array.from(w0.dataSync());
      expect(v0[0]).toBeCloseTo(1, 6);
      expect(v0.slice(1).every((v) => v === 0)).toBe(true);
      // Dilated by 4 px: the neighbouring cells (the seam's outside) count too, the far ones do not.
      const v4 = Array.from(patchWeights(matte, [1, 4, 4, 1], 4).dataSync());
      expect(v4[1]).toBeCloseTo(1, 6);
      expect(v4[4]).toBeCloseTo(1, 6);
      expect(v4[15]).toBe(0);
      // A score map that does not divide the crop evenly is resampled to its shape.
      expect(patchWeights(matte, [1, 3, 3, 1], 2).shape).toEqual([1, 3, 3, 1]);
    });
  });

  it('default residual: the change follows the matte (no ridge on the seam) and stays within the bound', () => {
    tf.tidy(() => {
      // A horizontal matte ramp 0 -> 1 across a 32 px crop and a constant raw generator output of 1.
      const s = 32;
      const m = new Float32Array(s * s);
      for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) m[y * s + x] = Math.min(1, x / (s / 2));
      const matte = tf.tensor4d(m, [1, s, s, 1]);
      const x = tf.zeros([1, s, s, 3]) as tf.Tensor4D;
      const raw = tf.ones([1, s, s, 3]) as tf.Tensor4D;
      const out = applyResidual(x, matte, raw, DEFAULT_CLEANUP_CONFIG).dataSync();
      const row = Array.from({ length: s }, (_, i) => out[(s * (s / 2) + i) * 3]!);
      for (let i = 1; i < s; i++) expect(row[i]!).toBeGreaterThanOrEqual(row[i - 1]! - 1e-6);
      expect(row[0]).toBe(0);
      expect(Math.max(...row)).toBeCloseTo(DEFAULT_CLEANUP_CONFIG.residualScale, 5);
      // The old seam weighting (interiorWeight 0.5) peaks on the ramp: a band along the seam.
      const old = Array.from(matteWeight(matte, 0.5).dataSync()).slice(s * (s / 2), s * (s / 2) + s);
      expect(Math.max(...old)).toBeGreaterThan(old[s - 1]! + 0.2);
    });
  });

  it('paired colour term: light and colour only (fine detail does not count), over the face or the seam', () => {
    tf.tidy(() => {
      const s = 32;
      const m = new Float32Array(s * s);
      for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) m[y * s + x] = Math.min(1, x / (s / 2));
      const matte = tf.tensor4d(m, [1, s, s, 1]);
      const real = tf.fill([1, s, s, 3], 0.2) as tf.Tensor4D;
      // A checkerboard of +-0.3 around the real colour: no difference after the 8 px low-pass.
      const fine = tf.add(
        real,
        tf.mul(
          0.3,
          tf.tensor4d(
            Float32Array.from({ length: s * s * 3 }, (_, i) =>
              Math.floor(i / 3) % 2 === Math.floor(i / 3 / s) % 2 ? 1 : -1,
            ),
            [1, s, s, 3],
          ),
        ),
      ) as tf.Tensor4D;
      expect(pairedColourLoss(fine, real, matte, 8, 'face').dataSync()[0]).toBeLessThan(1e-4);
      // A cast of 0.1 on every channel: the term is 0.1 over the face and over the seam alike.
      const cast = tf.add(real, 0.1) as tf.Tensor4D;
      expect(pairedColourLoss(cast, real, matte, 8, 'face').dataSync()[0]).toBeCloseTo(0.1, 4);
      expect(pairedColourLoss(cast, real, matte, 8, 'ramp').dataSync()[0]).toBeCloseTo(0.1, 4);
      // A cast only where the matte is full (the right half): the seam-only term barely sees it.
      const half = tf.add(real, tf.mul(0.1, tf.cast(tf.greaterEqual(matte, 1), 'float32'))) as tf.Tensor4D;
      const face = pairedColourLoss(half, real, matte, 1, 'face').dataSync()[0]!;
      const ramp = pairedColourLoss(half, real, matte, 1, 'ramp').dataSync()[0]!;
      expect(face).toBeGreaterThan(0.05);
      expect(ramp).toBeLessThan(0.01);
    });
  });
});
