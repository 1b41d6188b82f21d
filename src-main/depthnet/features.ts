// Pre-processing calculators: a face's keypoints -> the network's normalised inputs (and template depth).
import { faceFrame, normalisePoints, type FaceFrame } from '../../src-shared/depthnet/normalise.ts';
import { alignedTemplateDepth } from '../../src-shared/depthnet/template-depth.ts';

export const N_POINTS = 68;
export const INPUTS = 4 * N_POINTS;

export interface PreparedFace {
  frame: FaceFrame;
  /** Interleaved normalised x, y (136). */
  norm: Float64Array;
}

export function prepareFace(xy: ArrayLike<number>): PreparedFace {
  const frame = faceFrame(xy);
  return { frame, norm: normalisePoints(xy, frame) };
}

/** Writes the network input of one pair (normalised source then target, 272 values) at `offset`. */
export function writePairInput(
  out: Float32Array,
  offset: number,
  src: Float64Array,
  tgt: Float64Array,
): void {
  out.set(src, offset);
  out.set(tgt, offset + src.length);
}

/** Template depth of a prepared face, in its normalised units, scaled to unit RMS (mean 0). */
export function templateDepthUnit(template: ArrayLike<number>, norm: Float64Array): Float64Array {
  const d = alignedTemplateDepth(template, norm);
  return unitRms(d);
}

/** Removes the mean and scales to unit RMS (the depth scale is unidentifiable under the affine). */
export function unitRms(d: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i]!;
  m /= d.length;
  let ss = 0;
  for (let i = 0; i < d.length; i++) ss += (d[i]! - m) ** 2;
  const s = Math.sqrt(ss / d.length + 1e-6);
  return Float64Array.from(d, (v) => (v - m) / s);
}
