// The face matte as it was before the speed work (test reference).
import { TRIANGLE_FACE, TRIANGLE_MOUTH } from '../../../src-shared/geometry/face-mesh.ts';
import { distanceToOutsideScaled } from './reference-distance.ts';
import type { WarpedPatch } from './reference-rasterize.ts';
import type { FaceMask, MaskOptions } from '../../../src-main/swap/face-mask.ts';

// The options and the result are as in production.
export type { FaceMask, MaskOptions };

/** The coarse distance field's cell: at most featherPx / 8 pixels, at most 4. */
const DT_PIXELS_PER_CELL = 8;

export function smoothstep01(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/** Alpha from distance-to-edge: 0 within `erodePx` of the edge, rising smoothly to 1 over `featherPx`. */
export function featherFromDistance(dist: Float32Array, erodePx: number, featherPx: number): Float32Array {
  const alpha = new Float32Array(dist.length);
  const f = Math.max(featherPx, 1e-6);
  for (let i = 0; i < dist.length; i++) {
    const d = dist[i]!;
    alpha[i] = d <= 0 ? 0 : smoothstep01((d - erodePx) / f);
  }
  return alpha;
}

export function faceMask(patch: WarpedPatch, options: MaskOptions = {}): FaceMask {
  const erode = options.erode ?? 0.03;
  const feather = options.feather ?? 0.08;
  if (!(erode >= 0) || !(feather >= 0)) throw new Error('mask erode and feather must be >= 0');
  const { width, height, coverage } = patch;
  const inside = new Uint8Array(width * height);
  let count = 0;
  const faceLabel = TRIANGLE_FACE + 1;
  const mouthLabel = TRIANGLE_MOUTH + 1;
  for (let i = 0; i < inside.length; i++) {
    const c = coverage[i]!;
    if (c === faceLabel || (c === mouthLabel && !options.excludeMouth)) {
      inside[i] = 1;
      count++;
    }
  }
  const faceSize = Math.sqrt(count);
  const erodePx = erode * faceSize;
  const featherPx = feather * faceSize;
  // A big face's feather is tens of pixels wide: its distances are computed at a lower resolution.
  const dist = distanceToOutsideScaled(inside, width, height, Math.min(4, featherPx / DT_PIXELS_PER_CELL));
  return { alpha: featherFromDistance(dist, erodePx, featherPx), faceSize, erodePx, featherPx };
}
