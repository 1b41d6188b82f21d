// Calculator: the square crop the 68-point network sees, from a face box or from previous keypoints.
// Pure arithmetic, in source pixels; a crop may extend past the frame (the outside is filled with black).
import type { Box } from '../../src-shared/analysis/geometry.ts';
import { pointsBox } from '../../src-shared/analysis/geometry.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';

export interface SquareCrop {
  /** Top-left corner and side, in source pixels. */
  x: number;
  y: number;
  size: number;
}

/** A square of side `scale * max(w, h)` centred on the box centre shifted by `shiftY * h`. */
export function squareAround(box: Box, scale: number, shiftY = 0): SquareCrop {
  const [x, y, w, h] = box;
  const size = Math.max(w, h) * scale;
  const cx = x + w / 2;
  const cy = y + h / 2 + shiftY * h;
  return { x: cx - size / 2, y: cy - size / 2, size };
}

/**
 * The crop for a second landmark pass from keypoints: the network was trained on detector boxes, which are
 * larger than the keypoints' own box and sit a little lower (the keypoints' box starts at the brows); these
 * factors map one to the other (measured on the eval set, see tests/eval/landmarks.ts).
 */
export const KEYPOINT_CROP = { scale: 1.18, shiftY: 0.06 } as const;

export function cropFromKeypoints(points: readonly Point2[], p = KEYPOINT_CROP): SquareCrop {
  return squareAround(pointsBox(points), p.scale, p.shiftY);
}

/** Keypoints relative to a crop (0..1) back to source pixels. */
export function cropToSource(rel: ArrayLike<number>, crop: SquareCrop, flipped = false): Point2[] {
  const pts: Point2[] = [];
  for (let i = 0; i + 1 < rel.length; i += 2) {
    const u = rel[i] ?? 0;
    const v = rel[i + 1] ?? 0;
    pts.push([crop.x + (flipped ? 1 - u : u) * crop.size, crop.y + v * crop.size]);
  }
  return pts;
}
