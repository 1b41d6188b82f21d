// Calculator: regularises a 68-point network prediction with the shape model (./shape-model.ts). Each point's
// noise variance, in eye distances (outer corners) squared, is a base value for its part of the face plus the
// evidence the pipeline has on that point: how far the direct and mirrored predictions disagree, and how far
// the last refinement pass moved it. Points the network is sure of barely move; doubtful ones follow the shape.
import { interocularDistance } from './geometry.ts';
import type { Point2 } from './pts.ts';
import { DEFAULT_SHAPE_FIT, fitShape, type ShapeFitOptions, type ShapeModel } from './shape-model.ts';
import { applySimilarity, invertSimilarity } from './procrustes.ts';

export interface PriorNoise {
  /** Base standard deviation (eye distances) of jaw points 0-16. */
  jaw: number;
  /** Base standard deviation of every other point. */
  inner: number;
  /** Weight of the per-point mirror disagreement (its square is added to the variance). */
  spreadGain: number;
  /** Weight of the per-point shift of the last refinement pass. */
  shiftGain: number;
}

/**
 * The setting chosen by tests/eval/shape-prior-tune.ts without the landmark test set: lowest 2-fold
 * cross-validated NME against dlib's points on the dlib example photos (mean moved to 300-W's convention),
 * among settings that also lower the NME of held-out AFLW2000-3D TRAIN shapes with grafted real network
 * errors and with simulated noise.
 */
export const TUNED_PRIOR_NOISE: PriorNoise = { jaw: 0.05, inner: 0.025, spreadGain: 0, shiftGain: 0 };
export const TUNED_PRIOR_MODES = 30;

export interface PointEvidence {
  /** Per point, pixels: direct vs mirrored prediction. */
  pointSpread?: readonly number[] | undefined;
  /** Per point, pixels: movement in the last refinement pass. */
  passShift?: readonly number[] | undefined;
}

/** Per-point noise variances in pixels squared. */
export function pointVariances(
  keypoints: readonly Point2[],
  evidence: PointEvidence,
  noise: PriorNoise,
): number[] {
  const eyes = Math.max(1e-3, interocularDistance(keypoints));
  return keypoints.map((_, i) => {
    const base = i <= 16 ? noise.jaw : noise.inner;
    const sp = (evidence.pointSpread?.[i] ?? 0) / eyes;
    const sh = (evidence.passShift?.[i] ?? 0) / eyes;
    const sd2 = base * base + (noise.spreadGain * sp) ** 2 + (noise.shiftGain * sh) ** 2;
    return Math.max(1e-12, sd2 * eyes * eyes);
  });
}

export function flattenPoints(points: readonly Point2[]): Float64Array {
  const out = new Float64Array(points.length * 2);
  points.forEach(([x, y], i) => {
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

export function toPoints(flat: ArrayLike<number>): Point2[] {
  const out: Point2[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] ?? 0, flat[i + 1] ?? 0]);
  return out;
}

/**
 * A model whose mean is moved by the average part of `shapes` (keypoints in another annotation convention,
 * e.g. 300-W's where the model was learned from AFLW2000-3D's) that the model's pose and modes do not explain
 * under `noise`. Two rounds.
 */
export function adaptMean(model: ShapeModel, shapes: readonly Point2[][], noise: PriorNoise): ShapeModel {
  let cur = model;
  for (let round = 0; round < 2; round++) {
    const delta = new Float64Array(model.mean.length);
    for (const s of shapes) {
      const x = flattenPoints(s);
      const fit = fitShape(cur, x, pointVariances(s, {}, noise));
      const inv = invertSimilarity(fit.pose);
      const a = applySimilarity(inv, x);
      const b = applySimilarity(inv, fit.shape);
      for (let j = 0; j < delta.length; j++)
        delta[j] = (delta[j] ?? 0) + ((a[j] ?? 0) - (b[j] ?? 0)) / shapes.length;
    }
    cur = { ...cur, mean: Float64Array.from(cur.mean, (v, j) => v + (delta[j] ?? 0)) };
  }
  return cur;
}

/** The keypoints pulled toward a plausible face shape (a new array; input unchanged). */
export function regularizeKeypoints(
  model: ShapeModel,
  keypoints: readonly Point2[],
  evidence: PointEvidence,
  noise: PriorNoise,
  fit: ShapeFitOptions = DEFAULT_SHAPE_FIT,
): Point2[] {
  const v = pointVariances(keypoints, evidence, noise);
  return toPoints(fitShape(model, flattenPoints(keypoints), v, fit).shape);
}
