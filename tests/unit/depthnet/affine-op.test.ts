import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../../src-main/ml/runtime.ts';
import { applyAffineTf, closedFormAffine } from '../../../src-main/depthnet/affine-op.ts';
import { unitRmsTf, keypointMseTf } from '../../../src-main/depthnet/losses.ts';
import { applyAffine, solveAffineRaw } from '../../../src-shared/depthnet/closed-form.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';
import type { Tensor } from '@tensorflow/tfjs';

const B = 3;
const N = 68;

function data(seed: number) {
  const r = mulberry32(seed);
  const g = (n: number) => Float32Array.from({ length: n }, () => r() * 2 - 1);
  return { src: g(B * N * 2), z: g(B * N), tgt: g(B * N * 2) };
}

describe('closed-form affine TF.js op', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('forward equals the float64 solver per pair, and applyAffineTf equals applyAffine', () => {
    const d = data(1);
    const m = tf.tidy(() =>
      closedFormAffine(
        tf.tensor3d(d.src, [B, N, 2]),
        tf.tensor2d(d.z, [B, N]),
        tf.tensor3d(d.tgt, [B, N, 2]),
        0,
      ),
    );
    const got = m.dataSync();
    const applied = tf.tidy(() =>
      applyAffineTf(m, tf.tensor3d(d.src, [B, N, 2]), tf.tensor2d(d.z, [B, N])).dataSync(),
    );
    for (let p = 0; p < B; p++) {
      const s = d.src.subarray(p * 2 * N, (p + 1) * 2 * N);
      const z = d.z.subarray(p * N, (p + 1) * N);
      const want = solveAffineRaw(s, z, d.tgt.subarray(p * 2 * N, (p + 1) * 2 * N)).m;
      for (let i = 0; i < 8; i++) expect(got[p * 8 + i]!).toBeCloseTo(want[i]!, 5);
      const pts = applyAffine(want, s, z);
      for (let i = 0; i < 2 * N; i += 17) expect(applied[p * 2 * N + i]!).toBeCloseTo(pts[i]!, 4);
    }
    m.dispose();
  });

  it('the gradient of the keypoint loss w.r.t. depth matches finite differences', () => {
    const d = data(2);
    const src = tf.tensor3d(d.src, [B, N, 2]);
    const tgt = tf.tensor3d(d.tgt, [B, N, 2]);
    const loss = (z: Tensor) => {
      const zn = unitRmsTf(z);
      const m = closedFormAffine(src, zn, tgt, 1e-3);
      return keypointMseTf(applyAffineTf(m, src, zn), tgt);
    };
    const z0 = tf.tensor2d(d.z, [B, N]);
    const grad = tf.grad(loss)(z0).dataSync();
    // float64 finite differences through the same float64 solver (the TF op runs in float32)
    const lossJs = (z: Float64Array) => {
      let total = 0;
      for (let p = 0; p < B; p++) {
        const zz = z.subarray(p * N, (p + 1) * N);
        const mean = zz.reduce((a, b) => a + b, 0) / N;
        const rms = Math.sqrt(zz.reduce((a, b) => a + (b - mean) ** 2, 0) / N + 1e-6);
        const zn = zz.map((v) => (v - mean) / rms);
        const s = Float64Array.from(d.src.subarray(p * 2 * N, (p + 1) * 2 * N));
        const t = Float64Array.from(d.tgt.subarray(p * 2 * N, (p + 1) * 2 * N));
        const pred = applyAffine(solveAffineRaw(s, zn, t, 1e-3).m, s, zn);
        for (let i = 0; i < N; i++)
          total += (pred[2 * i]! - t[2 * i]!) ** 2 + (pred[2 * i + 1]! - t[2 * i + 1]!) ** 2;
      }
      return total / (B * N);
    };
    const z64 = Float64Array.from(d.z);
    const h = 1e-5;
    for (const i of [0, 5, 70, 150, B * N - 1]) {
      const orig = z64[i]!;
      z64[i] = orig + h;
      const up = lossJs(z64);
      z64[i] = orig - h;
      const down = lossJs(z64);
      z64[i] = orig;
      const fd = (up - down) / (2 * h);
      expect(Math.abs(grad[i]! - fd)).toBeLessThan(2e-3 * Math.max(Math.abs(fd), 1e-3));
    }
    tf.dispose([src, tgt, z0]);
  });
});
