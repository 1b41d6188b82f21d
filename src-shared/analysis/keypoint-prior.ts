// Calculator: regularises a 68-point network prediction with the shape model (./shape-model.ts). Each point's
// noise variance, in eye distances (outer corners) squared, is a base value for its part of the face plus the
// evidence the pipeline has on that point: how far the direct and mirrored predictions disagree, and how far
// the last refinement pass moved it. Points the network is sure of barely move; doubtful ones follow the shape.
import { interocularDistance } from './geometry.ts';
import type { Point2 } from './pts.ts';
import { DEFAULT_SHAPE_FIT, fitShape, type ShapeFitOptions, type ShapeModel } from './shape-model.ts';

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
 * The setting chosen by tests/eval/shape-prior-tune.ts (lowest NME on held-out AFLW2000-3D TRAIN shapes with
 * grafted real network errors), with a 20-mode model. Not the landmark test set.
 */
export const TUNED_PRIOR_NOISE: PriorNoise = { jaw: 0.08, inner: 0.025, spreadGain: 0.5, shiftGain: 0 };
export const TUNED_PRIOR_MODES = 20;

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
