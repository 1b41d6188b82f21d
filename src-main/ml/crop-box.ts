// Calculator: the square crop the 68-point network sees, from a face box or from previous keypoints.
// Pure arithmetic, in source pixels; a crop may extend past the frame (the outside is filled with black).
import type { Box } from '../../src-shared/analysis/geometry.ts';
import { pointsBox } from '../../src-shared/analysis/geometry.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';

export interface SquareCrop {
  /** Top-left corner and side, in source pixels, of the square before rotation. */
  x: number;
  y: number;
  size: number;
  /** In-plane rotation (radians, clockwise on screen since y points down) about the square's centre. */
  angle?: number;
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
export const KEYPOINT_CROP: { scale: number; shiftY: number } = { scale: 1.18, shiftY: 0.06 };

/** Angle of the line from the left-eye centre (points 36-41) to the right-eye centre (42-47). */
export function eyeLineAngle(points: readonly Point2[]): number {
  let lx = 0;
  let ly = 0;
  let rx = 0;
  let ry = 0;
  for (let i = 0; i < 6; i++) {
    const l = points[36 + i] ?? [0, 0];
    const r = points[42 + i] ?? [0, 0];
    lx += l[0];
    ly += l[1];
    rx += r[0];
    ry += r[1];
  }
  return Math.atan2(ry - ly, rx - lx);
}

/**
 * The crop for a landmark pass from keypoints; with `align`, rotated so the eyes are level (the network
 * was trained mostly on upright faces), the box measured in that rotated frame.
 */
export function cropFromKeypoints(points: readonly Point2[], p = KEYPOINT_CROP, align = false): SquareCrop {
  if (!align) return squareAround(pointsBox(points), p.scale, p.shiftY);
  const angle = eyeLineAngle(points);
  let mx = 0;
  let my = 0;
  for (const [x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= points.length;
  my /= points.length;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // Into the face's frame (rotate by -angle about the centroid) ...
  const local = points.map(([x, y]): Point2 => [c * (x - mx) + s * (y - my), -s * (x - mx) + c * (y - my)]);
  const sq = squareAround(pointsBox(local), p.scale, p.shiftY);
  const lc = [sq.x + sq.size / 2, sq.y + sq.size / 2] as const;
  // ... and the crop centre back into the source.
  const cx = mx + c * lc[0] - s * lc[1];
  const cy = my + s * lc[0] + c * lc[1];
  return { x: cx - sq.size / 2, y: cy - sq.size / 2, size: sq.size, angle };
}

/** Keypoints relative to a crop (0..1) back to source pixels (through the crop's rotation, if any). */
export function cropToSource(rel: ArrayLike<number>, crop: SquareCrop, flipped = false): Point2[] {
  const pts: Point2[] = [];
  const half = crop.size / 2;
  const cx = crop.x + half;
  const cy = crop.y + half;
  const c = Math.cos(crop.angle ?? 0);
  const s = Math.sin(crop.angle ?? 0);
  for (let i = 0; i + 1 < rel.length; i += 2) {
    const u = rel[i] ?? 0;
    const v = rel[i + 1] ?? 0;
    const p = (flipped ? 1 - u : u) * crop.size - half;
    const q = v * crop.size - half;
    pts.push([cx + c * p - s * q, cy + s * p + c * q]);
  }
  return pts;
}
