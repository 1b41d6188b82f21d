// How closed an eye is, read from the picture rather than from the landmarks. face-api's 68 landmarks barely
// move through a blink or a wink (on d3 the lid opening reads 0.08-0.09 with the eye shut), so the lid points
// cannot tell the swap that the actor's eye closed. The picture can: an open eye shows the iris, whose left
// and right edges against the white are strong gradients ACROSS the eye's axis; a shut eye is skin with one
// lash line along the axis. The ratio of the two gradient energies, sampled on a grid in the eye's own frame
// (corner to corner), does not depend on the picture's size or the head's roll.
import type { Image } from './image.ts';

/** The grid sampled over the eye box: along the eye axis, and across it. */
const GRID_U = 32;
const GRID_V = 16;
/** The box around the eye, in corner-to-corner distances: half length along the axis, half height. */
const HALF_U = 0.45;
const HALF_V = 0.25;
/**
 * Gradient ratio (across-axis edges over along-axis edges) at or above which the eye counts as open, and at
 * or below which it counts as shut. Measured on d3 (512 px, both winks, two blinks; docs/expression.md):
 * open eyes 0.42-0.80, shut eyes 0.17-0.26, squints and half-shut lids 0.30-0.38.
 */
export const EYE_RATIO_OPEN = 0.44;
export const EYE_RATIO_SHUT = 0.27;

const EYE_POINTS: readonly (readonly number[])[] = [
  [36, 37, 38, 39, 40, 41],
  [42, 43, 44, 45, 46, 47],
];

function luma(img: Image, x: number, y: number): number {
  const { width: w, height: h, channels: ch, data } = img;
  const cx = Math.min(w - 1, Math.max(0, x));
  const cy = Math.min(h - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const at = (xx: number, yy: number) => {
    const p = (yy * w + xx) * ch;
    return 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
  };
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x1, y0) * fx * (1 - fy) +
    at(x0, y1) * (1 - fx) * fy +
    at(x1, y1) * fx * fy
  );
}

/**
 * The gradient ratio of one eye (0 = left in the picture's keypoint order, 36-41; 1 = 42-47), or null when the
 * eye is degenerate (corners on one point) or the box is flat (no gradient at all).
 */
export function eyeGradientRatio(img: Image, keypoints: ArrayLike<number>, eye: 0 | 1): number | null {
  const idx = EYE_POINTS[eye]!;
  let cx = 0;
  let cy = 0;
  for (const i of idx) {
    cx += keypoints[2 * i]! / 6;
    cy += keypoints[2 * i + 1]! / 6;
  }
  const ax = keypoints[2 * idx[3]!]! - keypoints[2 * idx[0]!]!;
  const ay = keypoints[2 * idx[3]! + 1]! - keypoints[2 * idx[0]! + 1]!;
  const len = Math.hypot(ax, ay);
  if (!(len > 2)) return null;
  const ux = ax / len;
  const uy = ay / len;
  const samples = new Float64Array(GRID_U * GRID_V);
  for (let j = 0; j < GRID_V; j++) {
    const v = (((j + 0.5) / GRID_V) * 2 - 1) * HALF_V * len;
    for (let i = 0; i < GRID_U; i++) {
      const u = (((i + 0.5) / GRID_U) * 2 - 1) * HALF_U * len;
      samples[j * GRID_U + i] = luma(img, cx + u * ux - v * uy, cy + u * uy + v * ux);
    }
  }
  // Central differences, each scaled to the same step length (the grid's cells are not square).
  const du = (2 * HALF_U * len) / GRID_U;
  const dv = (2 * HALF_V * len) / GRID_V;
  let across = 0;
  let along = 0;
  for (let j = 1; j < GRID_V - 1; j++) {
    for (let i = 1; i < GRID_U - 1; i++) {
      const k = j * GRID_U + i;
      across += Math.abs(samples[k + 1]! - samples[k - 1]!) / (2 * du);
      along += Math.abs(samples[k + GRID_U]! - samples[k - GRID_U]!) / (2 * dv);
    }
  }
  if (!(along > 1e-9)) return null;
  return across / along;
}

/** 0 (open) .. 1 (shut), linear in the gradient ratio between EYE_RATIO_OPEN and EYE_RATIO_SHUT; 0 when unknown. */
export function imageEyeClosedness(img: Image, keypoints: ArrayLike<number>, eye: 0 | 1): number {
  const r = eyeGradientRatio(img, keypoints, eye);
  if (r === null) return 0;
  return Math.min(1, Math.max(0, (EYE_RATIO_OPEN - r) / (EYE_RATIO_OPEN - EYE_RATIO_SHUT)));
}
