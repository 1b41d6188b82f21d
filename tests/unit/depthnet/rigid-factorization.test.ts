import { describe, expect, it } from 'vitest';
import { alignDepthSign, factorizeRigid } from '../../../src-shared/depthnet/rigid-factorization.ts';
import { depthCorr, pearson } from '../../../src-shared/depthnet/metrics.ts';
import { unitDepth } from '../../../src-shared/depthnet/consistency.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';

/** A rigid face turning (yaw -50..50, pitch -15..15, a little roll) under scaled orthographic cameras. */
function sweep(frames: number): { xy: Float64Array[]; z: Float64Array[]; yaw: number[] } {
  const xy: Float64Array[] = [];
  const z: Float64Array[] = [];
  const yaw: number[] = [];
  for (let f = 0; f < frames; f++) {
    const u = f / (frames - 1);
    const a = ((-50 + 100 * u) * Math.PI) / 180;
    const b = (15 * Math.sin(4 * Math.PI * u) * Math.PI) / 180;
    const g = (5 * Math.cos(3 * Math.PI * u) * Math.PI) / 180;
    const [ca, sa, cb, sb, cg, sg] = [
      Math.cos(a),
      Math.sin(a),
      Math.cos(b),
      Math.sin(b),
      Math.cos(g),
      Math.sin(g),
    ];
    // R = Rz(g) Rx(b) Ry(a)
    const ry = [
      [ca, 0, sa],
      [0, 1, 0],
      [-sa, 0, ca],
    ];
    const rx = [
      [1, 0, 0],
      [0, cb, -sb],
      [0, sb, cb],
    ];
    const rz = [
      [cg, -sg, 0],
      [sg, cg, 0],
      [0, 0, 1],
    ];
    const mul = (p: number[][], q: number[][]) =>
      p.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, k) => s + v * q[k]![j]!, 0)));
    const r = mul(rz, mul(rx, ry));
    const scale = 180 * (1 + 0.1 * Math.sin(5 * u));
    const p = new Float64Array(2 * CANONICAL_FACE_3D.length);
    const d = new Float64Array(CANONICAL_FACE_3D.length);
    CANONICAL_FACE_3D.forEach((s, k) => {
      const q = [0, 1, 2].map((i) => r[i]![0]! * s[0] + r[i]![1]! * s[1] + r[i]![2]! * s[2]);
      p[2 * k] = scale * q[0]! + 320 + 40 * u;
      p[2 * k + 1] = scale * q[1]! + 240 - 20 * u;
      d[k] = scale * q[2]!;
    });
    xy.push(p);
    z.push(d);
    yaw.push(-50 + 100 * u);
  }
  return { xy, z, yaw };
}

const corrOf = (a: Float64Array[], b: Float64Array[]) =>
  depthCorr(
    a.map((z) => unitDepth(z)),
    b.map((z) => unitDepth(z)),
  );

describe('rigid factorisation (multi-frame teacher)', () => {
  it('recovers every frame’s exact depth of a rigid face under orthographic cameras (up to sign)', () => {
    const { xy, z } = sweep(25);
    const r = factorizeRigid(xy);
    expect(r.rms).toBeLessThan(1e-6);
    expect(r.metricError).toBeLessThan(1e-6);
    const aligned = alignDepthSign(r.depths, z);
    for (let f = 0; f < z.length; f++) expect(pearson(aligned[f]!, z[f]!)).toBeGreaterThan(0.99999);
    expect(corrOf(aligned, z)).toBeGreaterThan(67.99);
    // the sign is arbitrary but one for all frames: aligning to the flipped truth flips every frame
    const flipped = alignDepthSign(
      r.depths,
      z.map((d) => d.map((v) => -v)),
    );
    expect(pearson(flipped[0]!, z[0]!)).toBeLessThan(-0.99999);
  });

  it('down-weights keypoints that slide over the face (a jaw contour on the silhouette) and keeps the depth', () => {
    const { xy, z, yaw } = sweep(31);
    const rand = mulberry32(5);
    // jaw contour (0-16) slides sideways with the turn, as a detector's silhouette contour does; 0.5 px noise
    const observed = xy.map((p, f) =>
      Float64Array.from(p, (v, i) => {
        const k = Math.floor(i / 2);
        const slide = k < 17 && i % 2 === 0 ? 0.5 * Math.abs(yaw[f]!) * Math.sign(8 - k) : 0;
        return v + slide + (rand() - 0.5);
      }),
    );
    const plain = factorizeRigid(observed, { robust: false });
    const robust = factorizeRigid(observed);
    const inner = (d: Float64Array[]) => d.map((v) => v.subarray(17));
    const plainInner = corrOf(inner(alignDepthSign(plain.depths, z)), inner(z));
    const robustInner = corrOf(inner(alignDepthSign(robust.depths, z)), inner(z));
    // measured: plain least squares 50.74, robust 50.94 (of 51)
    expect(robustInner).toBeGreaterThan(plainInner + 0.1);
    expect(robustInner).toBeGreaterThan(50.85);
    const jaw = robust.weights.reduce((s, w) => s + w.subarray(0, 17).reduce((a, b) => a + b, 0) / 17, 0);
    const rest = robust.weights.reduce((s, w) => s + w.subarray(17).reduce((a, b) => a + b, 0) / 51, 0);
    expect(jaw).toBeLessThan(0.6 * rest);
  });

  it('refuses too few frames or points', () => {
    const { xy } = sweep(5);
    expect(() => factorizeRigid(xy.slice(0, 2))).toThrow(/needs >= 3 frames/);
    expect(() => factorizeRigid([xy[0]!, xy[1]!.subarray(0, 10), xy[2]!])).toThrow(/differ in size/);
  });
});
