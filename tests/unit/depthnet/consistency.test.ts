import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../../src-main/ml/runtime.ts';
import { consistencyTf } from '../../../src-main/depthnet/adapt-loss.ts';
import { consistencyResidual, pairConsistency, unitDepth } from '../../../src-shared/depthnet/consistency.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';

/** A general (not only rotation) 3x3 camera and shift: frame points [x, y, depth] = A S + t. */
function camera(seed: number): { a: number[][]; t: number[] } {
  const r = mulberry32(seed);
  const u = () => r() * 2 - 1;
  const yaw = u() * 1.0;
  const pitch = u() * 0.4;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  // rotation (yaw then pitch), then a random shear/scale: an exact affine camera
  const rot = [
    [c, 0, s],
    [sp * s, cp, -sp * c],
    [-cp * s, sp, cp * c],
  ];
  const shear = [
    [200 * (1 + 0.2 * u()), 30 * u(), 0],
    [20 * u(), 200 * (1 + 0.2 * u()), 0],
    [10 * u(), 10 * u(), 150 * (1 + 0.3 * u())],
  ];
  const a = shear.map((row) => [0, 1, 2].map((j) => row.reduce((acc, v, k) => acc + v * rot[k]![j]!, 0)));
  return { a, t: [300 + 50 * u(), 250 + 50 * u(), 20 * u()] };
}

function view(seed: number): { xy: Float64Array; z: Float64Array } {
  const { a, t } = camera(seed);
  const n = CANONICAL_FACE_3D.length;
  const xy = new Float64Array(2 * n);
  const z = new Float64Array(n);
  CANONICAL_FACE_3D.forEach((p, k) => {
    const q = [0, 1, 2].map((r) => a[r]![0]! * p[0] + a[r]![1]! * p[1] + a[r]![2]! * p[2] + t[r]!);
    xy[2 * k] = q[0]!;
    xy[2 * k + 1] = q[1]!;
    z[k] = q[2]!;
  });
  return { xy, z };
}

function noisy(z: Float64Array, amount: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  const u = unitDepth(z);
  return Float64Array.from(u, (v) => v + amount * (r() * 2 - 1));
}

describe('multi-frame depth consistency', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('is zero for a rigid face seen under exact affine cameras (any depth scale and offset)', () => {
    for (let s = 1; s <= 5; s++) {
      const i = view(s);
      const j = view(s + 100);
      const scaled = Float64Array.from(j.z, (v) => 3.7 * v - 12);
      expect(consistencyResidual(i.xy, i.z, scaled)).toBeLessThan(1e-12);
      expect(pairConsistency(i.xy, i.z, j.xy, j.z)).toBeLessThan(1e-12);
      // a small ridge (as in training) keeps it near zero
      expect(pairConsistency(i.xy, i.z, j.xy, j.z, 1e-4)).toBeLessThan(1e-6);
    }
  });

  it('grows with a wrong depth', () => {
    const i = view(7);
    const j = view(8);
    const levels = [0, 0.05, 0.2, 0.5, 1];
    const values = levels.map((a) => pairConsistency(i.xy, noisy(i.z, a, 3), j.xy, j.z));
    for (let k = 1; k < values.length; k++) expect(values[k]!).toBeGreaterThan(values[k - 1]!);
    expect(values[0]!).toBeLessThan(1e-12);
    expect(values[4]!).toBeGreaterThan(0.05);
    // a flat (planar) depth is not consistent either
    const flat = Float64Array.from({ length: 68 }, (_, k) => i.xy[2 * k]! * 0.01);
    expect(pairConsistency(i.xy, flat, j.xy, j.z, 1e-4)).toBeGreaterThan(0.05);
  });

  it('the TF.js term equals the float64 calculator and has a gradient that lowers it', () => {
    const pairs = [view(11), view(12), view(13), view(14)];
    const zWrong = pairs.map((p, k) => noisy(p.z, 0.4, 20 + k));
    const norm = (xy: Float64Array) => {
      const n = xy.length / 2;
      let cx = 0;
      let cy = 0;
      for (let k = 0; k < n; k++) {
        cx += xy[2 * k]!;
        cy += xy[2 * k + 1]!;
      }
      cx /= n;
      cy /= n;
      let ss = 0;
      for (let k = 0; k < n; k++) ss += (xy[2 * k]! - cx) ** 2 + (xy[2 * k + 1]! - cy) ** 2;
      const s = Math.sqrt(ss / n);
      return Float64Array.from(xy, (v, k) => (v - (k % 2 ? cy : cx)) / s);
    };
    const srcI = [pairs[0]!, pairs[2]!];
    const zi = [zWrong[0]!, zWrong[2]!];
    const zj = [unitDepth(pairs[1]!.z), unitDepth(pairs[3]!.z)];
    const want =
      (consistencyResidual(srcI[0]!.xy, zi[0]!, zj[0]!) + consistencyResidual(srcI[1]!.xy, zi[1]!, zj[1]!)) /
      2;
    const src = tf.tensor3d(Float32Array.from([...norm(srcI[0]!.xy), ...norm(srcI[1]!.xy)]), [2, 68, 2]);
    const zit = tf.variable(
      tf.tensor2d(Float32Array.from([...unitDepth(zi[0]!), ...unitDepth(zi[1]!)]), [2, 68]),
    );
    const zjt = tf.tensor2d(Float32Array.from([...zj[0]!, ...zj[1]!]), [2, 68]);
    const got = tf.tidy(() => consistencyTf(src, zit, zjt, 0).dataSync()[0]!);
    expect(got).toBeCloseTo(want, 4);
    const opt = tf.train.adam(0.02);
    for (let s = 0; s < 100; s++) opt.minimize(() => consistencyTf(src, zit, zjt, 0));
    const after = tf.tidy(() => consistencyTf(src, zit, zjt, 0).dataSync()[0]!);
    expect(after).toBeLessThan(got * 0.5);
    tf.dispose([src, zit, zjt]);
    opt.dispose();
  });
});
