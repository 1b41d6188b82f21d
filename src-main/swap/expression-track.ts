// Expression transfer along a track: the DepthNet's 3D affine places the source keypoints in the target's
// pose (identity, proportions and the source's expression); this moves the expression-bearing keypoints
// (src-shared/geometry/expression.ts EXPRESSION_WEIGHTS) toward the target's own expression in each frame.
//
// Per frame f, the residual of the fit R_f = T_f - A_f(S, depth) (target keypoints minus placed source
// keypoints) is taken back into source pixels by the inverse of the affine's x,y part. Over the window it
// holds the target's expression (which changes) plus the identity difference and the source's own
// expression (which do not), so its per-point median over the window is subtracted: what is left is the
// target's expression change. The mouth is transferred absolutely, not relative to that median: the
// source's lips are closed (closeMouth) and the target's median shape too, so the output's lips part
// exactly as far as the target's (in source proportions) and a source photographed with an open mouth
// does not keep it open on a closed target mouth.
//
//   out_f = A_f(S) + amount * w * A_f.xy * smooth_t( closeMouth(S) - S + Rs_f - (closeMouth(S + med Rs) - S) )
//
// A pure function of the window's samples: a caller rendering chunks passes the same window (context) to
// every chunk and gets the same offsets. amount 0 gives null (the placement is used as it is).
import { applyAffine, type Affine2x4 } from '../../src-shared/geometry/affine.ts';
import { closeMouth, EXPRESSION_WEIGHTS, medianShape } from '../../src-shared/geometry/expression.ts';
import { smoothTrack } from './temporal-smoothing.ts';

export interface ExpressionSample {
  frame: number;
  /** The target's 68 keypoints in this frame, frame pixels, interleaved x,y. */
  target: ArrayLike<number>;
  /** The (smoothed) placement of the source face in this frame. */
  affine: Affine2x4;
  depth: ArrayLike<number>;
}

export interface ExpressionOptions {
  /** 0 = the source's expression (the paper), 1 = the target's. */
  amount: number;
  /** Local-linear smoothing of the expression offsets along the track, Gaussian sigma in frames. Default 1. */
  sigmaFrames?: number;
  /** Per-keypoint transfer weights (default EXPRESSION_WEIGHTS). */
  weights?: ArrayLike<number>;
  /**
   * The mouth (48-67): 'target' (default) takes the target's whole mouth shape, corners and lips as placed
   * on the source (a per-region blend: the source's smile does not stay on a neutral actor); 'opening'
   * keeps the source's mouth shape and adds the target's opening (absolute) and its change of shape
   * relative to the window's median (the rest of the face is always relative).
   */
  mouth?: MouthMode;
  /** Push the outline out to the target's jaw line where the target's face is wider (default true). */
  cover?: boolean;
}

export type MouthMode = 'target' | 'opening';
export const DEFAULT_MOUTH_MODE: MouthMode = 'target';

export const DEFAULT_EXPRESSION_SIGMA = 1;

/**
 * Frame-pixel offsets (136 values per sample, same order as `samples`, sorted by frame) to add to the
 * placed source keypoints, or null when amount is 0. `source`: the source keypoints the affine maps
 * (the mirrored ones for a mirrored run).
 */
export function expressionOffsets(
  source: ArrayLike<number>,
  samples: readonly ExpressionSample[],
  options: ExpressionOptions,
): Float64Array[] | null {
  const amount = options.amount;
  if (!(amount >= 0 && amount <= 1)) throw new Error(`expression must be in [0, 1], got ${amount}`);
  if (amount === 0 || samples.length === 0) return null;
  if (source.length !== 136) throw new Error('expression transfer needs 68 source keypoints');
  const weights = options.weights ?? EXPRESSION_WEIGHTS;
  const inverses: (readonly [number, number, number, number] | null)[] = [];
  const placements: Float64Array[] = [];
  const residuals = samples.map((s) => {
    if (s.target.length !== 136) throw new Error('expression transfer needs 68 target keypoints');
    const placed = applyAffine(s.affine, source, s.depth).xy;
    placements.push(placed);
    const [a, b, , , c, d] = s.affine;
    const det = a * d - b * c;
    const ok = Math.abs(det) > 1e-9 && Number.isFinite(det);
    inverses.push(ok ? [d / det, -b / det, -c / det, a / det] : null);
    const r = new Float64Array(136);
    if (!ok) return r;
    const [i00, i01, i10, i11] = inverses[inverses.length - 1]!;
    for (let k = 0; k < 68; k++) {
      const rx = s.target[2 * k]! - placed[2 * k]!;
      const ry = s.target[2 * k + 1]! - placed[2 * k + 1]!;
      r[2 * k] = i00 * rx + i01 * ry;
      r[2 * k + 1] = i10 * rx + i11 * ry;
    }
    return r;
  });
  const valid = residuals.filter((_, i) => inverses[i] !== null);
  if (valid.length === 0) return samples.map(() => new Float64Array(136));
  const med = medianShape(valid);
  const neutralTarget = Float64Array.from(source, (v, k) => v + med[k]!);
  const closedTarget = closeMouth(neutralTarget);
  const closedSource = closeMouth(source);
  // base: what is added to every frame's residual: (closeMouth(S) - S) - (closeMouth(M) - S).
  const base = new Float64Array(136);
  for (let k = 0; k < 136; k++) base[k] = closedSource[k]! - closedTarget[k]!;
  if ((options.mouth ?? DEFAULT_MOUTH_MODE) === 'target') base.fill(0, 2 * 48, 2 * 68);
  const local = residuals.map((r, i) => {
    const o = new Float64Array(136);
    if (inverses[i] === null) return o;
    for (let k = 0; k < 136; k++) o[k] = (base[k]! + r[k]!) * weights[k >> 1]! * amount;
    return o;
  });
  const smoothed = smoothTrack(
    samples.map((s, i) => ({ frame: s.frame, values: local[i]! })),
    { sigmaFrames: options.sigmaFrames ?? DEFAULT_EXPRESSION_SIGMA },
  );
  return smoothed.map((o, i) => {
    const [a, b, , , c, d] = samples[i]!.affine;
    const out = new Float64Array(136);
    if (inverses[i] === null) return out;
    for (let k = 0; k < 68; k++) {
      const x = o[2 * k]!;
      const y = o[2 * k + 1]!;
      out[2 * k] = a * x + b * y;
      out[2 * k + 1] = c * x + d * y;
    }
    if (options.cover ?? true) coverContour(out, placements[i]!, samples[i]!.target, amount);
    return out;
  });
}

/**
 * Coverage: where the target's jaw line (0-16) lies outside the placed (and moved) source outline, seen
 * from the target's nose (27-35 mean), that outline point is pushed out to it (times `amount`), so the
 * matte reaches the target's contour and leaves no strip of the target's own cheek; an outline that is
 * already wider stays (the source's proportions).
 */
function coverContour(
  out: Float64Array,
  placed: Float64Array,
  target: ArrayLike<number>,
  amount: number,
): void {
  let cx = 0;
  let cy = 0;
  for (let k = 27; k <= 35; k++) {
    cx += target[2 * k]! / 9;
    cy += target[2 * k + 1]! / 9;
  }
  for (let k = 0; k <= 16; k++) {
    const tx = target[2 * k]! - cx;
    const ty = target[2 * k + 1]! - cy;
    const rt = Math.hypot(tx, ty);
    if (!(rt > 0)) continue;
    const ux = tx / rt;
    const uy = ty / rt;
    const px = placed[2 * k]! + out[2 * k]! - cx;
    const py = placed[2 * k + 1]! + out[2 * k + 1]! - cy;
    const rp = px * ux + py * uy;
    if (rt <= rp) continue;
    out[2 * k] = out[2 * k]! + amount * (rt - rp) * ux;
    out[2 * k + 1] = out[2 * k + 1]! + amount * (rt - rp) * uy;
  }
}
