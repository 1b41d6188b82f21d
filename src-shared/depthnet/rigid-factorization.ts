// Multi-frame rigid teacher: Tomasi–Kanade factorisation of one person's keypoints over many frames. Under
// affine cameras a rigid face's keypoints satisfy x_fp = M_f S_p + t_f (M_f 2x3 per frame, S_p the 3D point),
// so the 2F x P measurement matrix is rank 3 after removing each frame's translation. The factorisation
// (SVD start, then alternating weighted least squares with robust Cauchy weights per frame and point, so a
// keypoint that slides over the face — face-api's jaw contour follows the silhouette — loses its say in the
// frames where it slides) gives M and S up to a 3x3 ambiguity; the metric (orthographic) upgrade finds the Q
// that makes every M_f Q a scaled pair of orthonormal rows. Then each frame's camera depth axis is the cross
// product of its two rows, and each keypoint's depth in frame f is that axis applied to S_p: a depth for
// every frame that is exactly consistent with one rigid 3D shape. The global sign is unidentifiable (a
// mirror-image shape seen from behind projects the same): the caller aligns it (alignDepthSign).
//
// Arrays are flat: frames interleaved [x0, y0, x1, y1, ...] (any pixel units), depths [z0, z1, ...].
import { symmetricEigen } from '../analysis/shape-model-build.ts';

export interface RigidFactorization {
  /** Per frame: the depth of every keypoint (same units as the input points; global sign arbitrary). */
  depths: Float64Array[];
  /** The rigid 3D shape in the metric frame, flat [x, y, z, ...]. */
  shape: Float64Array;
  /** Per frame and keypoint: the final robust weight (1 = fits the rigid model, near 0 = outlier). */
  weights: Float64Array[];
  /** Per frame and keypoint: distance of the keypoint from the rigid model's projection (input units). */
  residuals: Float64Array[];
  /** Weighted RMS of the residuals and the Cauchy scale used, input units. */
  rms: number;
  scale: number;
  /** How far the affine cameras were from scaled orthonormal before the upgrade's fix (0 = exactly). */
  metricError: number;
}

export interface FactorizeOptions {
  /** Alternating least-squares rounds (each re-weights). */
  iterations?: number;
  /** Robust re-weighting (Cauchy, scale = `cauchy` x the median residual); false = plain least squares. */
  robust?: boolean;
  cauchy?: number;
}

const dot3 = (a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number) =>
  a[ao]! * b[bo]! + a[ao + 1]! * b[bo + 1]! + a[ao + 2]! * b[bo + 2]!;

/** Solves the small symmetric system A x = b (n x n, row-major) by Gaussian elimination with pivoting. */
function solveSmall(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k]!, m[c * n + k]!];
      [x[c], x[p]] = [x[p]!, x[c]!];
    }
    const d = m[c * n + c]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] = m[r * n + k]! - f * m[c * n + k]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < n; k++) s -= m[c * n + k]! * x[k]!;
    const d = m[c * n + c]!;
    x[c] = Math.abs(d) < 1e-300 ? 0 : s / d;
  }
  return x;
}

/** Rank-3 start: per-frame centroids removed, top three eigenvectors of W^T W (P x P). */
function svdStart(frames: readonly ArrayLike<number>[], p: number): { m: Float64Array; s: Float64Array } {
  const f = frames.length;
  const w = new Float64Array(2 * f * p);
  frames.forEach((xy, i) => {
    for (let c = 0; c < 2; c++) {
      let mean = 0;
      for (let k = 0; k < p; k++) mean += xy[2 * k + c]!;
      mean /= p;
      for (let k = 0; k < p; k++) w[(2 * i + c) * p + k] = xy[2 * k + c]! - mean;
    }
  });
  const wtw = new Float64Array(p * p);
  for (let r = 0; r < 2 * f; r++)
    for (let a = 0; a < p; a++) {
      const va = w[r * p + a]!;
      if (va === 0) continue;
      for (let b = a; b < p; b++) wtw[a * p + b] = wtw[a * p + b]! + va * w[r * p + b]!;
    }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) wtw[a * p + b] = wtw[b * p + a]!;
  const { values, vectors } = symmetricEigen(wtw, p);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, 3);
  const s = new Float64Array(3 * p);
  const m = new Float64Array(2 * f * 3);
  order.forEach((e, d) => {
    const sv = Math.sqrt(Math.max(values[e]!, 1e-12));
    const root = Math.sqrt(sv);
    for (let k = 0; k < p; k++) s[3 * k + d] = root * vectors[k * p + e]!;
    for (let r = 0; r < 2 * f; r++) {
      let acc = 0;
      for (let k = 0; k < p; k++) acc += w[r * p + k]! * vectors[k * p + e]!;
      m[r * 3 + d] = acc / root;
    }
  });
  return { m, s };
}

/** Coefficients of a^T L b in the six unknowns of a symmetric 3x3 L. */
function quadCoeffs(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number): number[] {
  const [a1, a2, a3] = [a[ao]!, a[ao + 1]!, a[ao + 2]!];
  const [b1, b2, b3] = [b[bo]!, b[bo + 1]!, b[bo + 2]!];
  return [a1 * b1, a1 * b2 + a2 * b1, a1 * b3 + a3 * b1, a2 * b2, a2 * b3 + a3 * b2, a3 * b3];
}

/**
 * The metric upgrade: Q (3x3, row-major) such that each frame's rows of M Q are orthogonal and equally long
 * (least squares over frames, mean squared row length 1), and how far the best L = Q Q^T missed that.
 */
export function metricUpgrade(m: Float64Array, frames: number): { q: Float64Array; error: number } {
  const ata = new Float64Array(36);
  const norm = new Float64Array(6);
  const rows: number[][] = [];
  for (let f = 0; f < frames; f++) {
    const o1 = 6 * f;
    const o2 = 6 * f + 3;
    const c11 = quadCoeffs(m, o1, m, o1);
    const c22 = quadCoeffs(m, o2, m, o2);
    rows.push(
      c11.map((v, k) => v - c22[k]!),
      quadCoeffs(m, o1, m, o2),
    );
    for (let k = 0; k < 6; k++) norm[k] = norm[k]! + (c11[k]! + c22[k]!) / (2 * frames);
  }
  for (const r of rows)
    for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) ata[a * 6 + b] = ata[a * 6 + b]! + r[a]! * r[b]!;
  let trace = 0;
  for (let a = 0; a < 6; a++) trace += ata[a * 6 + a]!;
  for (let a = 0; a < 6; a++) ata[a * 6 + a] = ata[a * 6 + a]! + 1e-9 * trace + 1e-300;
  // min l^T A^T A l subject to norm . l = 1  ->  l = (A^T A)^-1 norm / (norm . (A^T A)^-1 norm)
  const y = solveSmall(ata, norm, 6);
  let den = 0;
  for (let k = 0; k < 6; k++) den += norm[k]! * y[k]!;
  const l = y.map((v) => v / den);
  const lm = Float64Array.from([l[0]!, l[1]!, l[2]!, l[1]!, l[3]!, l[4]!, l[2]!, l[4]!, l[5]!]);
  let residual = 0;
  for (const r of rows) residual += r.reduce((s, v, k) => s + v * l[k]!, 0) ** 2;
  // L must be positive definite: negative (or tiny) eigenvalues are raised to a small positive floor.
  const { values, vectors } = symmetricEigen(lm, 3);
  const top = Math.max(...values);
  const q = new Float64Array(9);
  for (let e = 0; e < 3; e++) {
    const root = Math.sqrt(Math.max(values[e]!, 1e-4 * top));
    for (let r = 0; r < 3; r++) q[r * 3 + e] = vectors[r * 3 + e]! * root;
  }
  return { q, error: Math.sqrt(residual / Math.max(1, rows.length)) };
}

/** Inverse of a 3x3 matrix (row-major). */
function invert3(a: Float64Array): Float64Array {
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8] = Array.from(a) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const c0 = a4 * a8 - a5 * a7;
  const c1 = a5 * a6 - a3 * a8;
  const c2 = a3 * a7 - a4 * a6;
  const det = a0 * c0 + a1 * c1 + a2 * c2;
  const inv = [
    c0,
    a2 * a7 - a1 * a8,
    a1 * a5 - a2 * a4,
    c1,
    a0 * a8 - a2 * a6,
    a2 * a3 - a0 * a5,
    c2,
    a1 * a6 - a0 * a7,
    a0 * a4 - a1 * a3,
  ];
  return Float64Array.from(inv, (v) => v / det);
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

/** Factorises the keypoints of F >= 3 frames of one rigid face (all with the same P points). */
export function factorizeRigid(
  frames: readonly ArrayLike<number>[],
  opts: FactorizeOptions = {},
): RigidFactorization {
  const f = frames.length;
  const p = (frames[0]?.length ?? 0) / 2;
  if (f < 3 || p < 4)
    throw new Error(`rigid factorisation needs >= 3 frames of >= 4 points (got ${f} x ${p})`);
  if (frames.some((xy) => xy.length !== 2 * p)) throw new Error('rigid factorisation: frames differ in size');
  const iterations = opts.iterations ?? 30;
  const robust = opts.robust ?? true;
  const { m, s } = svdStart(frames, p);
  const t = new Float64Array(2 * f);
  const w = Array.from({ length: f }, () => new Float64Array(p).fill(1));
  const res = Array.from({ length: f }, () => new Float64Array(p));
  let scale = 0;
  const residuals = () => {
    for (let i = 0; i < f; i++)
      for (let k = 0; k < p; k++) {
        const ex = frames[i]![2 * k]! - dot3(m, 6 * i, s, 3 * k) - t[2 * i]!;
        const ey = frames[i]![2 * k + 1]! - dot3(m, 6 * i + 3, s, 3 * k) - t[2 * i + 1]!;
        res[i]![k] = Math.hypot(ex, ey);
      }
  };
  // frames' translation for the start, and the points' spread (the floor of the robust scale: exact data
  // must not be re-weighted by rounding noise)
  let spread = 0;
  for (let i = 0; i < f; i++)
    for (let c = 0; c < 2; c++) {
      let mean = 0;
      for (let k = 0; k < p; k++) mean += frames[i]![2 * k + c]!;
      t[2 * i + c] = mean / p;
      for (let k = 0; k < p; k++) spread += (frames[i]![2 * k + c]! - mean / p) ** 2;
    }
  spread = Math.sqrt(spread / (f * p));
  for (let it = 0; it < iterations; it++) {
    residuals();
    if (robust) {
      scale = Math.max(1e-3 * spread, (opts.cauchy ?? 2) * median(res.flatMap((r) => Array.from(r))));
      for (let i = 0; i < f; i++) for (let k = 0; k < p; k++) w[i]![k] = 1 / (1 + (res[i]![k]! / scale) ** 2);
    }
    // motion: per frame, [M_f | t_f] (2 x 4) from the weighted points [S_p, 1]
    for (let i = 0; i < f; i++) {
      const a = new Float64Array(16);
      const bx = new Float64Array(4);
      const by = new Float64Array(4);
      for (let k = 0; k < p; k++) {
        const wk = w[i]![k]!;
        const v = [s[3 * k]!, s[3 * k + 1]!, s[3 * k + 2]!, 1];
        for (let r = 0; r < 4; r++) {
          for (let c = 0; c < 4; c++) a[r * 4 + c] = a[r * 4 + c]! + wk * v[r]! * v[c]!;
          bx[r] = bx[r]! + wk * v[r]! * frames[i]![2 * k]!;
          by[r] = by[r]! + wk * v[r]! * frames[i]![2 * k + 1]!;
        }
      }
      const mx = solveSmall(a, bx, 4);
      const my = solveSmall(a, by, 4);
      m.set(mx.subarray(0, 3), 6 * i);
      m.set(my.subarray(0, 3), 6 * i + 3);
      t[2 * i] = mx[3]!;
      t[2 * i + 1] = my[3]!;
    }
    // structure: per point, S_p (3) from the weighted frames
    for (let k = 0; k < p; k++) {
      const a = new Float64Array(9);
      const b = new Float64Array(3);
      for (let i = 0; i < f; i++) {
        const wk = w[i]![k]!;
        for (let row = 0; row < 2; row++) {
          const o = 6 * i + 3 * row;
          const rhs = frames[i]![2 * k + row]! - t[2 * i + row]!;
          for (let r = 0; r < 3; r++) {
            for (let c = 0; c < 3; c++) a[r * 3 + c] = a[r * 3 + c]! + wk * m[o + r]! * m[o + c]!;
            b[r] = b[r]! + wk * m[o + r]! * rhs;
          }
        }
      }
      let tr = a[0]! + a[4]! + a[8]!;
      tr = 1e-9 * tr + 1e-300;
      a[0] = a[0]! + tr;
      a[4] = a[4]! + tr;
      a[8] = a[8]! + tr;
      s.set(solveSmall(a, b, 3), 3 * k);
    }
  }
  residuals();
  // metric upgrade: M <- M Q, S <- Q^-1 S
  const { q, error } = metricUpgrade(m, f);
  const qi = invert3(q);
  const mq = new Float64Array(m.length);
  for (let r = 0; r < 2 * f; r++)
    for (let c = 0; c < 3; c++)
      mq[r * 3 + c] = m[r * 3]! * q[c]! + m[r * 3 + 1]! * q[3 + c]! + m[r * 3 + 2]! * q[6 + c]!;
  const shape = new Float64Array(3 * p);
  for (let k = 0; k < p; k++)
    for (let r = 0; r < 3; r++)
      shape[3 * k + r] =
        qi[r * 3]! * s[3 * k]! + qi[r * 3 + 1]! * s[3 * k + 1]! + qi[r * 3 + 2]! * s[3 * k + 2]!;
  const depths = frames.map((_, i) => {
    const r1 = mq.subarray(6 * i, 6 * i + 3);
    const r2 = mq.subarray(6 * i + 3, 6 * i + 6);
    const axis = [
      r1[1]! * r2[2]! - r1[2]! * r2[1]!,
      r1[2]! * r2[0]! - r1[0]! * r2[2]!,
      r1[0]! * r2[1]! - r1[1]! * r2[0]!,
    ];
    const len = Math.hypot(...axis) || 1;
    const size = (Math.hypot(r1[0]!, r1[1]!, r1[2]!) + Math.hypot(r2[0]!, r2[1]!, r2[2]!)) / 2;
    const z = new Float64Array(p);
    for (let k = 0; k < p; k++) z[k] = (size / len) * dot3(axis, 0, shape, 3 * k);
    return z;
  });
  let sw = 0;
  let se = 0;
  for (let i = 0; i < f; i++)
    for (let k = 0; k < p; k++) {
      sw += w[i]![k]!;
      se += w[i]![k]! * res[i]![k]! ** 2;
    }
  return {
    depths,
    shape,
    weights: w,
    residuals: res,
    rms: Math.sqrt(se / Math.max(1e-12, sw)),
    scale,
    metricError: error,
  };
}

/** Flips every depth when that makes them agree better (summed correlation) with `reference` depths. */
export function alignDepthSign(
  depths: Float64Array[],
  reference: readonly ArrayLike<number>[],
): Float64Array[] {
  let agree = 0;
  depths.forEach((z, i) => {
    const r = reference[i]!;
    const n = z.length;
    let mz = 0;
    let mr = 0;
    for (let k = 0; k < n; k++) {
      mz += z[k]!;
      mr += r[k]!;
    }
    mz /= n;
    mr /= n;
    for (let k = 0; k < n; k++) agree += (z[k]! - mz) * (r[k]! - mr);
  });
  return agree >= 0 ? depths : depths.map((z) => Float64Array.from(z, (v) => -v));
}
