// Learns a ShapeModel from example shapes: generalised Procrustes analysis (similarity-align every shape
// to the evolving mean), then principal components of the aligned shapes (Jacobi eigen-decomposition of the
// 2n x 2n covariance). Optionally adds each shape's mirror image (iBUG permutation), so the prior has no
// left/right bias. Offline (tests/eval/shape-prior-build.ts); pure arithmetic.
import { alignSimilarity, applySimilarity, normalizeShape } from './procrustes.ts';
import type { ShapeModel } from './shape-model.ts';

export interface BuildOptions {
  /** Number of modes kept. */
  modes: number;
  /** Permutation mapping point i to its mirror partner; with it, mirrored copies are added. */
  mirror?: readonly number[];
  /** Procrustes rounds. */
  rounds?: number;
}

export function mirrorShape(shape: ArrayLike<number>, perm: readonly number[]): Float64Array {
  const n = shape.length >> 1;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const j = perm[i] ?? i;
    out[2 * i] = -(shape[2 * j] ?? 0);
    out[2 * i + 1] = shape[2 * j + 1] ?? 0;
  }
  return out;
}

/** Generalised Procrustes: the aligned, normalised shapes and their mean (eyes level: 36 -> 45 along +x). */
export function procrustesAlign(
  shapes: readonly ArrayLike<number>[],
  rounds = 6,
): { mean: Float64Array; aligned: Float64Array[] } {
  if (shapes.length === 0) throw new Error('procrustesAlign: no shapes');
  let mean = levelEyes(normalizeShape(shapes[0] as ArrayLike<number>));
  let aligned = shapes.map((s) => normalizeShape(s));
  for (let r = 0; r < rounds; r++) {
    aligned = aligned.map((s) => applySimilarity(alignSimilarity(s, mean), s));
    const next = new Float64Array(mean.length);
    for (const s of aligned) for (let j = 0; j < next.length; j++) next[j] = (next[j] ?? 0) + (s[j] ?? 0);
    const avg = normalizeShape(next);
    mean = applySimilarity(alignSimilarity(avg, mean), avg);
    mean = levelEyes(normalizeShape(mean));
  }
  aligned = aligned.map((s) => applySimilarity(alignSimilarity(s, mean), s));
  return { mean, aligned };
}

/** Rotates a centred shape so its outer eye corners (iBUG 36, 45) are level, when it has 68 points. */
function levelEyes(shape: Float64Array): Float64Array {
  if (shape.length !== 136) return shape;
  const dx = (shape[90] ?? 0) - (shape[72] ?? 0);
  const dy = (shape[91] ?? 0) - (shape[73] ?? 0);
  const ang = -Math.atan2(dy, dx);
  return applySimilarity({ a: Math.cos(ang), b: Math.sin(ang), tx: 0, ty: 0 }, shape);
}

export function buildShapeModel(shapes: readonly ArrayLike<number>[], opts: BuildOptions): ShapeModel {
  const all = opts.mirror ? [...shapes, ...shapes.map((s) => mirrorShape(s, opts.mirror ?? []))] : shapes;
  const { mean, aligned } = procrustesAlign(all, opts.rounds ?? 6);
  const dim = mean.length;
  const cov = new Float64Array(dim * dim);
  for (const s of aligned) {
    for (let i = 0; i < dim; i++) {
      const di = (s[i] ?? 0) - (mean[i] ?? 0);
      for (let j = i; j < dim; j++)
        cov[i * dim + j] = (cov[i * dim + j] ?? 0) + di * ((s[j] ?? 0) - (mean[j] ?? 0));
    }
  }
  const denom = Math.max(1, aligned.length - 1);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = (cov[i * dim + j] ?? 0) / denom;
      cov[i * dim + j] = v;
      cov[j * dim + i] = v;
    }
  }
  const diag = Float64Array.from({ length: dim }, (_, i) => cov[i * dim + i] ?? 0);
  const { values, vectors } = symmetricEigen(cov, dim);
  const k = Math.min(opts.modes, dim);
  const order = [...values.keys()].sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0)).slice(0, k);
  const modes = new Float64Array(k * dim);
  const variances = new Float64Array(k);
  const residual = Float64Array.from(diag);
  order.forEach((col, a) => {
    variances[a] = Math.max(0, values[col] ?? 0);
    for (let j = 0; j < dim; j++) {
      const p = vectors[j * dim + col] ?? 0;
      modes[a * dim + j] = p;
      residual[j] = (residual[j] ?? 0) - (variances[a] ?? 0) * p * p;
    }
  });
  // A floor keeps the prior proper where the kept modes explain (almost) everything.
  const floor = 1e-3 * (diag.reduce((x, y) => x + y, 0) / dim);
  for (let j = 0; j < dim; j++) residual[j] = Math.max(floor, residual[j] ?? 0);
  return { mean, modes, variances, residual };
}

/** Cyclic Jacobi eigen-decomposition of a symmetric n x n matrix: eigenvalues and column eigenvectors. */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let total = 0;
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++) {
        const x = (a[p * n + q] ?? 0) ** 2;
        total += x;
        if (p !== q) off += x;
      }
    if (off <= 1e-22 * total) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] ?? 0;
        const aqq = a[q * n + q] ?? 0;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] ?? 0;
          const akq = a[k * n + q] ?? 0;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] ?? 0;
          const aqk = a[q * n + k] ?? 0;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i] ?? 0), vectors: v };
}
