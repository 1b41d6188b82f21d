// Point-distribution model (PDM) of 68-point faces: a Procrustes-aligned mean shape, its principal modes of
// variation and a per-coordinate residual variance, learned from manual annotations
// (tests/eval/shape-prior-build.ts); and the fit that regularises a network's keypoints with it.
//
// The fit is a Gaussian posterior mean. In the model frame (the keypoints aligned to the mean by a
// weighted similarity) the true shape is s ~ N(mean, C) with C = P diag(lambda) P^T + diag(residual), the
// measured keypoints are x = s + noise, noise ~ N(0, D) with a variance per point (D: how much the network's
// point is to be trusted). Then E[s | x] = mean + C (C + D)^-1 (x - mean): a precise point stays where it was
// measured, an unreliable one moves to where the rest of the face says it should be. The mode coefficients'
// Mahalanobis length is capped (an implausible shape cannot come out). Pure arithmetic, no
// tensors; O(136 K^2) per face (K modes), a few microseconds.
import {
  alignSimilarity,
  applySimilarity,
  invertSimilarity,
  similarityScale,
  type Similarity,
} from './procrustes.ts';

export interface ShapeModel {
  /** Mean shape, flat [x0, y0, ...], centred, unit Frobenius norm, y down, eyes level. */
  mean: Float64Array;
  /** K orthonormal modes, row-major K x 2n. */
  modes: Float64Array;
  /** Variance of each mode's coefficient (model units squared), descending. */
  variances: Float64Array;
  /** Variance per coordinate left over after the K modes (model units squared). */
  residual: Float64Array;
}

export interface ShapeFitOptions {
  /**
   * Plausibility limit, in standard deviations of a normal: the coefficients' Mahalanobis length is capped at the
   * chi-square (K modes) quantile with the same tail probability (3 = 99.87 %).
   */
  clampSigma: number;
  /** Alignment / posterior rounds. */
  iterations: number;
}

/**
 * Real faces have heavy tails in shape space: with a 20-mode AFLW2000-3D model, 18 % of held-out manual shapes
 * lie beyond the 3-sigma limit and 1.0 % beyond 10 (tests/eval/shape-prior-tune.ts); 10 keeps the limit a safety
 * net for garbage instead of a distortion of unusual real faces.
 */
export const DEFAULT_SHAPE_FIT: ShapeFitOptions = { clampSigma: 10, iterations: 3 };

export function modeCount(model: ShapeModel): number {
  return model.variances.length;
}

/** The first `k` modes; the variance of the dropped ones moves into the residual. */
export function truncateModel(model: ShapeModel, k: number): ShapeModel {
  const dim = model.mean.length;
  const keep = Math.max(0, Math.min(k, modeCount(model)));
  const residual = Float64Array.from(model.residual);
  for (let a = keep; a < modeCount(model); a++) {
    const lam = model.variances[a] ?? 0;
    for (let j = 0; j < dim; j++)
      residual[j] = (residual[j] ?? 0) + lam * (model.modes[a * dim + j] ?? 0) ** 2;
  }
  return {
    mean: model.mean,
    modes: model.modes.slice(0, keep * dim),
    variances: model.variances.slice(0, keep),
    residual,
  };
}

export interface ShapeFit {
  /** The regularised shape, flat, in the measured shape's (pixel) frame. */
  shape: Float64Array;
  /** Mode coefficients (model units) after clamping. */
  coefficients: Float64Array;
  /** 1 when the coefficients were scaled back to the plausibility limit, else 0. */
  clamped: number;
  /** Model frame -> measured frame. */
  pose: Similarity;
}

/**
 * Regularises `measured` (flat, pixels) whose per-point noise variances are `pointVariance` (pixels squared,
 * one per point; smaller = more trusted).
 */
export function fitShape(
  model: ShapeModel,
  measured: ArrayLike<number>,
  pointVariance: ArrayLike<number>,
  opts: ShapeFitOptions = DEFAULT_SHAPE_FIT,
): ShapeFit {
  const dim = model.mean.length;
  const n = dim >> 1;
  const k = modeCount(model);
  if (measured.length !== dim) throw new Error(`fitShape: ${measured.length >> 1} points, model has ${n}`);
  if (pointVariance.length !== n)
    throw new Error(`fitShape: ${pointVariance.length} variances for ${n} points`);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = pointVariance[i] ?? NaN;
    if (!(v > 0) || !Number.isFinite(v))
      throw new Error(`fitShape: point ${i} variance ${v} is not positive`);
    weights[i] = 1 / v;
  }
  for (let i = 0; i < dim; i++) {
    if (!Number.isFinite(measured[i] ?? NaN)) throw new Error(`fitShape: coordinate ${i} is not finite`);
  }
  const { mean, residual } = model;
  // The aligned training shapes have (almost) no variance in translation, rotation and scale: the model would
  // resist any such difference, which is pose, not shape. Four loose gauge modes let the fit absorb it.
  const { modes, variances } = withGaugeModes(model);
  const kAll = variances.length;
  let pose = alignSimilarity(mean, measured, weights);
  let shape = Float64Array.from(mean);
  const coefficients = new Float64Array(k);
  let clamped = 0;
  const local = new Float64Array(dim);
  const r = new Float64Array(dim);
  const e = new Float64Array(dim);
  const q = new Float64Array(kAll);
  const m = new Float64Array(kAll * kAll);
  const inv = new Float64Array(dim);
  const scaled = new Float64Array(dim);
  for (let iter = 0; iter < Math.max(1, opts.iterations); iter++) {
    applySimilarity(invertSimilarity(pose), measured, local);
    const s2 = similarityScale(pose) ** 2;
    // E = residual + D (per coordinate), r = local - mean.
    for (let j = 0; j < dim; j++) {
      e[j] = (residual[j] ?? 0) + (pointVariance[j >> 1] ?? 0) / s2;
      r[j] = (local[j] ?? 0) - (mean[j] ?? 0);
    }
    // Woodbury: (E + P L P^T)^-1 r = E^-1 r - E^-1 P (L^-1 + P^T E^-1 P)^-1 P^T E^-1 r.
    // (Hot loop: typed arrays indexed within their bounds.)
    for (let j = 0; j < dim; j++) inv[j] = 1 / e[j]!;
    for (let a = 0; a < kAll; a++) {
      const rowA = a * dim;
      let qa = 0;
      for (let j = 0; j < dim; j++) {
        const w = modes[rowA + j]! * inv[j]!;
        scaled[j] = w;
        qa += w * r[j]!;
      }
      q[a] = qa;
      for (let b = a; b < kAll; b++) {
        const rowB = b * dim;
        let s = 0;
        for (let j = 0; j < dim; j++) s += scaled[j]! * modes[rowB + j]!;
        if (a === b) s += 1 / variances[a]!;
        m[a * kAll + b] = s;
        m[b * kAll + a] = s;
      }
    }
    const y = solveSpd(m, q, kAll);
    // v = E^-1 (r - P y); coefficients = L P^T v; residual part = residual .* v.
    const v = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      let py = 0;
      for (let a = 0; a < kAll; a++) py += (modes[a * dim + j] ?? 0) * (y[a] ?? 0);
      v[j] = ((r[j] ?? 0) - py) / (e[j] ?? 1);
    }
    clamped = 0;
    const gauge = new Float64Array(GAUGE_MODES);
    for (let a = k; a < kAll; a++) {
      let pv = 0;
      for (let j = 0; j < dim; j++) pv += (modes[a * dim + j] ?? 0) * (v[j] ?? 0);
      gauge[a - k] = (variances[a] ?? 0) * pv;
    }
    let d2 = 0;
    for (let a = 0; a < k; a++) {
      let pv = 0;
      for (let j = 0; j < dim; j++) pv += (modes[a * dim + j] ?? 0) * (v[j] ?? 0);
      const c = (variances[a] ?? 0) * pv;
      coefficients[a] = c;
      d2 += (c * c) / Math.max(1e-30, variances[a] ?? 0);
    }
    // Plausibility: the coefficients' Mahalanobis length is limited to the chi-square quantile that matches
    // `clampSigma` (per-mode limits would fire on the heavy tails of real faces and distort them).
    const limit = mahalanobisLimit(k, opts.clampSigma);
    if (d2 > limit * limit) {
      const f = limit / Math.sqrt(d2);
      for (let a = 0; a < k; a++) coefficients[a] = (coefficients[a] ?? 0) * f;
      clamped = 1;
    }
    shape = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      let s = (mean[j] ?? 0) + (residual[j] ?? 0) * (v[j] ?? 0);
      for (let a = 0; a < k; a++) s += (modes[a * dim + j] ?? 0) * (coefficients[a] ?? 0);
      for (let g = 0; g < GAUGE_MODES; g++) s += (modes[(k + g) * dim + j] ?? 0) * (gauge[g] ?? 0);
      shape[j] = s;
    }
    // Re-estimate the pose from the model shape that explains the measurement.
    pose = alignSimilarity(shape, measured, weights);
  }
  return { shape: applySimilarity(pose, shape), coefficients, clamped, pose };
}

/** sqrt of the chi-square quantile (k degrees of freedom) at the one-sided normal tail of `z` (Wilson-Hilferty). */
export function mahalanobisLimit(k: number, z: number): number {
  if (k <= 0) return Infinity;
  const c = 2 / (9 * k);
  return Math.sqrt(k * Math.max(0, 1 - c + z * Math.sqrt(c)) ** 3);
}

const GAUGE_MODES = 4;
/** Prior variance of the gauge modes (model units: the mean shape has norm 1, so this is loose). */
const GAUGE_VARIANCE = 1;
const gaugeCache = new WeakMap<ShapeModel, { modes: Float64Array; variances: Float64Array }>();

/** The model's modes followed by unit translation x, translation y, scale and rotation directions. */
function withGaugeModes(model: ShapeModel): { modes: Float64Array; variances: Float64Array } {
  const hit = gaugeCache.get(model);
  if (hit) return hit;
  const dim = model.mean.length;
  const n = dim >> 1;
  const k = modeCount(model);
  const modes = new Float64Array((k + GAUGE_MODES) * dim);
  modes.set(model.modes.subarray(0, k * dim));
  const variances = new Float64Array(k + GAUGE_MODES);
  variances.set(model.variances);
  const norm = Math.hypot(...model.mean);
  for (let i = 0; i < n; i++) {
    const x = (model.mean[2 * i] ?? 0) / norm;
    const y = (model.mean[2 * i + 1] ?? 0) / norm;
    modes[k * dim + 2 * i] = 1 / Math.sqrt(n);
    modes[(k + 1) * dim + 2 * i + 1] = 1 / Math.sqrt(n);
    modes[(k + 2) * dim + 2 * i] = x;
    modes[(k + 2) * dim + 2 * i + 1] = y;
    modes[(k + 3) * dim + 2 * i] = -y;
    modes[(k + 3) * dim + 2 * i + 1] = x;
  }
  for (let g = 0; g < GAUGE_MODES; g++) variances[k + g] = GAUGE_VARIANCE;
  const out = { modes, variances };
  gaugeCache.set(model, out);
  return out;
}

/** Solves A x = b for a symmetric positive definite k x k A (Cholesky); A is not modified. */
export function solveSpd(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j] ?? 0;
      for (let p = 0; p < j; p++) s -= (l[i * k + p] ?? 0) * (l[j * k + p] ?? 0);
      if (i === j) {
        if (!(s > 0)) throw new Error('solveSpd: matrix is not positive definite');
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / (l[j * k + j] ?? 1);
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i] ?? 0;
    for (let p = 0; p < i; p++) s -= (l[i * k + p] ?? 0) * (y[p] ?? 0);
    y[i] = s / (l[i * k + i] ?? 1);
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let p = i + 1; p < k; p++) s -= (l[p * k + i] ?? 0) * (x[p] ?? 0);
    x[i] = s / (l[i * k + i] ?? 1);
  }
  return x;
}
