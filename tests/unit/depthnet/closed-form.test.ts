import { describe, expect, it } from 'vitest';
import {
  applyAffine,
  solveAffine,
  solveAffineBackward,
  solveAffineRaw,
} from '../../../src-shared/depthnet/closed-form.ts';
import { affineToPixels, faceFrame, normalisePoints } from '../../../src-shared/depthnet/normalise.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';

const N = 68;

function randomPair(seed: number, scale = 1, offset = 0) {
  const r = mulberry32(seed);
  const g = () => (r() - 0.5) * 2;
  const src = Float64Array.from({ length: 2 * N }, () => g() * scale + offset);
  const z = Float64Array.from({ length: N }, () => g() * scale);
  const tgt = Float64Array.from({ length: 2 * N }, () => g() * scale + offset);
  return { src, z, tgt };
}

/** Brute-force least squares on the full 2N x 8 design matrix by Householder QR (no normal equations). */
function lstsqQr(a: number[][], b: number[]): number[] {
  const m = a.length;
  const n = a[0]!.length;
  const A = a.map((row) => row.slice());
  const B = b.slice();
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += A[i]![k]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[k]![k]! > 0 ? -norm : norm;
    const v = new Array<number>(m).fill(0);
    for (let i = k; i < m; i++) v[i] = A[i]![k]!;
    v[k] = v[k]! - alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    for (let j = k; j < n; j++) {
      let d = 0;
      for (let i = k; i < m; i++) d += v[i]! * A[i]![j]!;
      for (let i = k; i < m; i++) A[i]![j] = A[i]![j]! - (2 * d * v[i]!) / vv;
    }
    let d = 0;
    for (let i = k; i < m; i++) d += v[i]! * B[i]!;
    for (let i = k; i < m; i++) B[i] = B[i]! - (2 * d * v[i]!) / vv;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = B[i]!;
    for (let j = i + 1; j < n; j++) s -= A[i]![j]! * x[j]!;
    x[i] = s / A[i]![i]!;
  }
  return x;
}

function design(src: Float64Array, z: Float64Array, tgt: Float64Array): { a: number[][]; b: number[] } {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < N; i++) {
    const [x, y, d] = [src[2 * i]!, src[2 * i + 1]!, z[i]!];
    a.push([x, y, d, 0, 0, 0, 1, 0], [0, 0, 0, x, y, d, 0, 1]);
    b.push(tgt[2 * i]!, tgt[2 * i + 1]!);
  }
  return { a, b };
}

function relErr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i]! - y[i]!) ** 2;
    den += y[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

describe('closed-form 3D affine', () => {
  it('equals a brute-force QR least-squares solution on random data', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { src, z, tgt } = randomPair(seed);
      const { a, b } = design(src, z, tgt);
      expect(relErr(solveAffineRaw(src, z, tgt).m, lstsqQr(a, b))).toBeLessThan(1e-5);
    }
  });

  it('the normalising solver matches brute force on pixel-scale data', () => {
    const { src, z, tgt } = randomPair(7, 300, 900);
    const { a, b } = design(src, z, tgt);
    expect(relErr(solveAffine(src, z, tgt), lstsqQr(a, b))).toBeLessThan(1e-5);
  });

  it('recovers a known affine exactly from true depths', () => {
    const { src, z } = randomPair(11, 200, 500);
    const m = Float64Array.of(0.9, -0.2, 0.35, 0.15, 1.1, -0.4, 12.5, -30.25);
    const tgt = applyAffine(m, src, z);
    const got = solveAffine(src, z, tgt);
    for (let i = 0; i < 8; i++) expect(got[i]!).toBeCloseTo(m[i]!, 8);
    const raw = solveAffineRaw(src, z, tgt).m;
    expect(relErr(raw, m)).toBeLessThan(1e-9);
  });

  it('solves the 2D affine without depth and a flat depth with a ridge', () => {
    const { src, tgt } = randomPair(3);
    const m2d = solveAffineRaw(src, null, tgt).m;
    expect(m2d[2]).toBe(0);
    expect(m2d[5]).toBe(0);
    const flat = new Float64Array(N);
    expect(() => solveAffineRaw(src, flat, tgt)).toThrow(/positive definite/);
    const ridged = solveAffineRaw(src, flat, tgt, 1e-4).m;
    expect(relErr(ridged, m2d)).toBeLessThan(1e-9);
  });

  it('backward pass matches finite differences (src, z and tgt)', () => {
    const { src, z, tgt } = randomPair(5);
    const w = Float64Array.from({ length: 8 }, (_, i) => Math.sin(i + 1));
    const loss = (s: Float64Array, d: Float64Array, t: Float64Array) => {
      const m = solveAffineRaw(s, d, t, 1e-3).m;
      return m.reduce((acc, v, i) => acc + v * w[i]!, 0);
    };
    const solved = solveAffineRaw(src, z, tgt, 1e-3);
    const grads = solveAffineBackward(src, z, tgt, solved, w);
    const h = 1e-6;
    const check = (arr: Float64Array, grad: Float64Array) => {
      for (const i of [0, 1, 17, arr.length - 1]) {
        const orig = arr[i]!;
        arr[i] = orig + h;
        const up = loss(src, z, tgt);
        arr[i] = orig - h;
        const down = loss(src, z, tgt);
        arr[i] = orig;
        const fd = (up - down) / (2 * h);
        expect(Math.abs(fd - grad[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    };
    check(z, grads.z);
    check(src, grads.src);
    check(tgt, grads.tgt);
  });

  it('a normalised-pair affine expressed in pixels maps pixel source points to the same targets', () => {
    const { src, z, tgt } = randomPair(9, 150, 640);
    const fs = faceFrame(src);
    const ft = faceFrame(tgt);
    const sn = normalisePoints(src, fs);
    const tn = normalisePoints(tgt, ft);
    const zn = z.map((v) => v / fs.scale);
    const m = solveAffineRaw(sn, zn, tn).m;
    const viaNorm = applyAffine(m, sn, zn).map((v, i) => v * ft.scale + (i % 2 === 0 ? ft.cx : ft.cy));
    const viaPx = applyAffine(affineToPixels(m, fs, ft), src, z);
    expect(relErr(viaPx, viaNorm)).toBeLessThan(1e-12);
  });
});
