// Eyes whose state differs: where the source's eye is open and the target's closed (a blink), or the other
// way (a source photographed mid-blink), moving the source's eyelids is not enough: the warped source eye
// cannot show a lid it does not have. There the target's own eye region is used, warped onto the output's
// eye (a least-squares 2D affine from the output's six eye points to the target's) and blended in with a
// soft elliptical weight around the eye, scaled by how different the two eye states are.
import {
  EYE_STATE_BAND,
  eyeStateWeight,
  eyeEllipse,
  affineFit2d,
} from '../../src-shared/geometry/eye-blend.ts';
import { eyeOpenings } from '../../src-shared/geometry/expression.ts';
import type { Image, Rect } from './image.ts';

export { EYE_STATE_BAND };

export interface EyePatch {
  rect: Rect;
  /** The face patch's colours (RGB per pixel of rect), changed in place. */
  rgb: Uint8Array;
  /** The face matte over rect (the blend only happens where the face is drawn). */
  alpha: Float32Array;
}

const EYES: readonly (readonly number[])[] = [
  [36, 37, 38, 39, 40, 41],
  [42, 43, 44, 45, 46, 47],
];

/**
 * Blends the target's eye regions into the face patch where the source's and the target's eye states
 * differ. `output`: the placed keypoints (68, frame pixels, after expression offsets); `source`: the
 * source's keypoints (its own picture); `target`: the target's keypoints in `frame` (the original frame).
 * Returns the weight used per eye (0 = untouched).
 */
export function eyesFromTarget(
  patch: EyePatch,
  frame: Image,
  output: ArrayLike<number>,
  source: ArrayLike<number>,
  target: ArrayLike<number>,
): [number, number] {
  const so = eyeOpenings(source);
  const to = eyeOpenings(target);
  const weights: [number, number] = [0, 0];
  EYES.forEach((idx, e) => {
    const w = eyeStateWeight(so[e]!, to[e]!);
    weights[e] = w;
    if (w <= 0) return;
    const from = idx.flatMap((i) => [output[2 * i]!, output[2 * i + 1]!]);
    const to6 = idx.flatMap((i) => [target[2 * i]!, target[2 * i + 1]!]);
    const m = affineFit2d(from, to6);
    if (!m) return;
    const ell = eyeEllipse(from);
    const { rect, rgb, alpha } = patch;
    const x0 = Math.max(rect.x0, Math.floor(ell.cx - ell.reach));
    const x1 = Math.min(rect.x0 + rect.width - 1, Math.ceil(ell.cx + ell.reach));
    const y0 = Math.max(rect.y0, Math.floor(ell.cy - ell.reach));
    const y1 = Math.min(rect.y0 + rect.height - 1, Math.ceil(ell.cy + ell.reach));
    const { data, width: fw, height: fh, channels } = frame;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const k = ell.weight(x, y) * w;
        if (k <= 0) continue;
        const p = (y - rect.y0) * rect.width + (x - rect.x0);
        if (!(alpha[p]! > 0)) continue;
        const u = Math.min(fw - 1, Math.max(0, m[0] * x + m[1] * y + m[2]));
        const v = Math.min(fh - 1, Math.max(0, m[3] * x + m[4] * y + m[5]));
        const ux = Math.floor(u);
        const vy = Math.floor(v);
        const fx = u - ux;
        const fy = v - vy;
        const ux1 = Math.min(fw - 1, ux + 1);
        const vy1 = Math.min(fh - 1, vy + 1);
        for (let c = 0; c < 3; c++) {
          const s =
            data[(vy * fw + ux) * channels + c]! * (1 - fx) * (1 - fy) +
            data[(vy * fw + ux1) * channels + c]! * fx * (1 - fy) +
            data[(vy1 * fw + ux) * channels + c]! * (1 - fx) * fy +
            data[(vy1 * fw + ux1) * channels + c]! * fx * fy;
          rgb[3 * p + c] = Math.round(rgb[3 * p + c]! * (1 - k) + s * k);
        }
      }
    }
  });
  return weights;
}
