// Box and keypoint geometry shared by detection, tracking and evaluation. Boxes are [x, y, w, h] in pixels.
import type { Point2 } from './pts.ts';

export type Box = [number, number, number, number];

export function boxArea(b: Box): number {
  return Math.max(0, b[2]) * Math.max(0, b[3]);
}

/** Intersection over union of two boxes (0 when either is empty). */
export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Tight bounding box of points. */
export function pointsBox(points: readonly Point2[]): Box {
  if (points.length === 0) throw new Error('pointsBox: no points');
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

/** Distance between the outer eye corners (iBUG 36 and 45): the 300-W normaliser. */
export function interocularDistance(points: readonly Point2[]): number {
  const a = points[36];
  const b = points[45];
  if (!a || !b) throw new Error('interocularDistance: need 68 iBUG points');
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Normalised mean error: mean point-to-point distance / outer-eye-corner distance of the truth. */
export function nme(predicted: readonly Point2[], truth: readonly Point2[]): number {
  if (predicted.length !== truth.length)
    throw new Error(`nme: ${predicted.length} vs ${truth.length} points`);
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = predicted[i] as Point2;
    const t = truth[i] as Point2;
    sum += Math.hypot(p[0] - t[0], p[1] - t[1]);
  }
  return sum / truth.length / interocularDistance(truth);
}

/** Mean displacement per point between two sets of the same length. */
export function meanPointDistance(a: readonly Point2[], b: readonly Point2[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as Point2;
    const q = b[i] as Point2;
    sum += Math.hypot(p[0] - q[0], p[1] - q[1]);
  }
  return a.length > 0 ? sum / a.length : 0;
}

/**
 * Maps points measured on a resized frame back to the full frame (pixel centres on integers, so a point at
 * the centre of a decoded pixel maps to the centre of the area it covers).
 */
export function rescalePoints(
  points: readonly Point2[],
  from: { width: number; height: number },
  to: { width: number; height: number },
): Point2[] {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return points.map(([x, y]): Point2 => [(x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5]);
}
