import { describe, expect, it } from 'vitest';
import { centred, depthCorr, keypointMse, pearson } from '../../../src-shared/depthnet/metrics.ts';
import { alignedTemplateDepth } from '../../../src-shared/depthnet/template-depth.ts';
import { mixSeed, mulberry32, randInt } from '../../../src-shared/depthnet/rng.ts';
import {
  bestRotation,
  meanShape3d,
  normaliseShape3d,
  rotateShape,
} from '../../../src-shared/depthnet/mean-shape.ts';

describe('depthnet metrics', () => {
  it('keypoint MSE is the mean squared 2D distance', () => {
    expect(keypointMse([0, 0, 1, 1], [3, 4, 1, 1])).toBe(12.5);
  });

  it('pearson and DepthCorr', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
    const truth = [
      [0, 1, 2],
      [1, 0, 5],
      [2, 3, 1],
      [4, 1, 0],
    ];
    expect(depthCorr(truth, truth)).toBeCloseTo(3, 12);
    // sign flips and per-face offsets do not matter (|r| and mean removal)
    expect(
      depthCorr(
        truth.map((d) => d.map((v) => 7 - 2 * v)),
        truth,
      ),
    ).toBeCloseTo(3, 12);
    expect(Array.from(centred([1, 2, 3]))).toEqual([-1, 0, 1]);
  });

  it('aligned template depth recovers the depth of a rotated, scaled template exactly', () => {
    const r = mulberry32(3);
    const n = 68;
    const template = Float64Array.from({ length: 3 * n }, () => r() - 0.5);
    const yaw = 0.6;
    const pitch = -0.3;
    const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)];
    // R = Rx(pitch) * Ry(yaw)
    const rot = [
      [cy, 0, sy],
      [sp * sy, cp, -sp * cy],
      [-cp * sy, sp, cp * cy],
    ];
    const scale = 250;
    const pts = new Float64Array(2 * n);
    const depth = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = [template[3 * i]!, template[3 * i + 1]!, template[3 * i + 2]!];
      const q = rot.map((row) => scale * (row[0]! * p[0]! + row[1]! * p[1]! + row[2]! * p[2]!));
      pts[2 * i] = q[0]! + 320;
      pts[2 * i + 1] = q[1]! + 240;
      depth[i] = q[2]!;
    }
    const got = alignedTemplateDepth(template, pts);
    const want = centred(depth);
    for (let i = 0; i < n; i++) expect(got[i]!).toBeCloseTo(want[i]!, 6);
  });

  it('seeded RNG is reproducible', () => {
    const a = mulberry32(mixSeed(1, 2));
    const b = mulberry32(mixSeed(1, 2));
    const xs = Array.from({ length: 5 }, () => randInt(a, 10));
    expect(Array.from({ length: 5 }, () => randInt(b, 10))).toEqual(xs);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
  });
});

describe('mean 3D shape (generalised Procrustes)', () => {
  it('aligns rotated, scaled, shifted copies of one shape back onto it', () => {
    const r = mulberry32(8);
    const n = 68;
    const base = Float64Array.from({ length: 3 * n }, () => r() - 0.5);
    const copies = [0.3, -0.7, 1.2].map((angle, k) => {
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      // rotation about an oblique axis: Rz(angle) * Rx(angle / 2)
      const [c2, s2] = [Math.cos(angle / 2), Math.sin(angle / 2)];
      const rz = [c, -s, 0, s, c, 0, 0, 0, 1];
      const rx = [1, 0, 0, 0, c2, -s2, 0, s2, c2];
      const rot = Float64Array.from({ length: 9 }, (_, i) => {
        const [row, col] = [Math.floor(i / 3), i % 3];
        return rz[row * 3]! * rx[col]! + rz[row * 3 + 1]! * rx[3 + col]! + rz[row * 3 + 2]! * rx[6 + col]!;
      });
      return rotateShape(base, rot).map((v, i) => v * (2 + k) + (i % 3) * 10);
    });
    const mean = meanShape3d([base, ...copies]);
    const want = normaliseShape3d(base);
    for (let i = 0; i < want.length; i++) expect(mean[i]!).toBeCloseTo(want[i]!, 8);
    const rot = bestRotation(normaliseShape3d(copies[1]!), want);
    const back = rotateShape(normaliseShape3d(copies[1]!), rot);
    for (let i = 0; i < want.length; i += 7) expect(back[i]!).toBeCloseTo(want[i]!, 8);
  });
});
