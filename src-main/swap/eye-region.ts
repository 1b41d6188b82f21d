// Eyes whose state differs: where the source's eye is open and the target's closed (a blink), or the other
// way (a source photographed mid-blink), moving the source's eyelids is not enough: the warped source eye
// cannot show a lid it does not have. There the target's own eye region is used, warped onto the output's
// eye (the similarity between the two eyes' corners) and blended in with a
// soft elliptical weight around the eye, scaled by how different the two eye states are, and shifted to the
// face's colour along the ellipse's rim. An eye's state is
// the larger of two readings: the lid opening of its landmarks, and the picture's own (eye-state.ts), since
// the landmarks barely move through a blink or a wink.
import {
  EYE_STATE_BAND,
  cornerSimilarity,
  eyeBlendWeight,
  pairEyeStates,
  eyeClosedness,
  eyeEllipse,
} from '../../src-shared/geometry/eye-blend.ts';
import { eyeOpenings } from '../../src-shared/geometry/expression.ts';
import { imageEyeClosedness } from './eye-state.ts';
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
 * How closed each eye of a face is, 0 (open) .. 1 (shut): the larger of the landmarks' lid opening and the
 * picture's reading. Without a picture, the landmarks only.
 */
export function eyeStates(keypoints: ArrayLike<number>, picture?: Image): [number, number] {
  const o = eyeOpenings(keypoints);
  const read = (e: 0 | 1) =>
    Math.max(eyeClosedness(o[e]), picture ? imageEyeClosedness(picture, keypoints, e) : 0);
  return [read(0), read(1)];
}

/**
 * Blends the target's eye regions into the face patch where the source's and the target's eye states
 * differ. `output`: the placed keypoints (68, frame pixels, after expression offsets); `source`: the
 * source's keypoints (its own picture, `sourcePicture`, read for its eye state when given); `target`: the
 * target's keypoints in `frame` (the original frame). Returns the weight used per eye (0 = untouched).
 */
export function eyesFromTarget(
  patch: EyePatch,
  frame: Image,
  output: ArrayLike<number>,
  source: ArrayLike<number>,
  target: ArrayLike<number>,
  sourcePicture?: Image,
): [number, number] {
  const sc = pairEyeStates(eyeStates(source, sourcePicture));
  const tc = pairEyeStates(eyeStates(target, frame));
  const weights: [number, number] = [0, 0];
  EYES.forEach((idx, e) => {
    const w = eyeBlendWeight(sc[e]!, tc[e]!);
    weights[e] = w;
    if (w <= 0) return;
    const from = idx.flatMap((i) => [output[2 * i]!, output[2 * i + 1]!]);
    const [c0, c1] = [idx[0]!, idx[3]!];
    const corners = (kp: ArrayLike<number>) =>
      [kp[2 * c0]!, kp[2 * c0 + 1]!, kp[2 * c1]!, kp[2 * c1 + 1]!] as const;
    const m = cornerSimilarity(corners(output), corners(target));
    if (!m) return;
    const ell = eyeEllipse(from);
    const { rect, rgb, alpha } = patch;
    const x0 = Math.max(rect.x0, Math.floor(ell.cx - ell.reach));
    const x1 = Math.min(rect.x0 + rect.width - 1, Math.ceil(ell.cx + ell.reach));
    const y0 = Math.max(rect.y0, Math.floor(ell.cy - ell.reach));
    const y1 = Math.min(rect.y0 + rect.height - 1, Math.ceil(ell.cy + ell.reach));
    const { data, width: fw, height: fh, channels } = frame;
    const sample = (x: number, y: number, c: number) => {
      const u = Math.min(fw - 1, Math.max(0, m[0] * x + m[1] * y + m[2]));
      const v = Math.min(fh - 1, Math.max(0, m[3] * x + m[4] * y + m[5]));
      const ux = Math.floor(u);
      const vy = Math.floor(v);
      const fx = u - ux;
      const fy = v - vy;
      const ux1 = Math.min(fw - 1, ux + 1);
      const vy1 = Math.min(fh - 1, vy + 1);
      return (
        data[(vy * fw + ux) * channels + c]! * (1 - fx) * (1 - fy) +
        data[(vy * fw + ux1) * channels + c]! * fx * (1 - fy) +
        data[(vy1 * fw + ux) * channels + c]! * (1 - fx) * fy +
        data[(vy1 * fw + ux1) * channels + c]! * fx * fy
      );
    };
    // The target's skin around its eye is the target's colour, the face around it the recoloured source's:
    // the target's region is shifted by the mean difference over the ellipse's soft rim (the skin around
    // the lids), so the eye meets the face without a lighter or darker patch.
    const shift = [0, 0, 0];
    let rim = 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const e = ell.weight(x, y);
        if (e <= 0 || e >= 1) continue;
        const p = (y - rect.y0) * rect.width + (x - rect.x0);
        if (!(alpha[p]! > 0)) continue;
        for (let c = 0; c < 3; c++) shift[c] = shift[c]! + rgb[3 * p + c]! - sample(x, y, c);
        rim++;
      }
    }
    for (let c = 0; c < 3; c++) shift[c] = rim > 0 ? shift[c]! / rim : 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const k = ell.weight(x, y) * w;
        if (k <= 0) continue;
        const p = (y - rect.y0) * rect.width + (x - rect.x0);
        if (!(alpha[p]! > 0)) continue;
        for (let c = 0; c < 3; c++) {
          const s = Math.min(255, Math.max(0, sample(x, y, c) + shift[c]!));
          rgb[3 * p + c] = Math.round(rgb[3 * p + c]! * (1 - k) + s * k);
        }
      }
    }
  });
  return weights;
}
