// Multi-frame consistency of predicted depths (self-supervision from many frames of one person). Frame i's
// keypoints with their predicted depth form 3D points P_i = [x_i, y_i, z_i]; for a rigid face under affine
// cameras every P_i is an affine image of the one true 3D shape, so P_j is an exact affine function of P_i.
// The closed-form 3D affine from frame i to frame j is the least-squares map [x_i, y_i, z_i, 1] -> [x_j, y_j,
// z_j]: its first two rows are the paper's closed form (keypoints), its third row maps depth into frame j.
// The consistency residual is what that third row leaves of frame j's own depth: both depths are centred and
// scaled to unit RMS first (the depth scale is unidentifiable), so the residual is the fraction of frame j's
// depth that frame i's depth cannot explain (1 - R^2 of the regression): 0 when the depths agree, up to 1.
//
// Arrays are flat: points interleaved [x0, y0, x1, y1, ...], depths [z0, z1, ...], any units per frame.
import { solveAffineRaw } from './closed-form.ts';

/** Centred, unit-RMS copy of a depth vector (all-equal input stays 0). */
export function unitDepth(z: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < z.length; i++) m += z[i]!;
  m /= z.length;
  let ss = 0;
  for (let i = 0; i < z.length; i++) ss += (z[i]! - m) ** 2;
  const s = Math.sqrt(ss / z.length);
  return Float64Array.from(z, (v) => (s > 0 ? (v - m) / s : 0));
}

/** Points centred and scaled to unit RMS radius (the network's normalisation). */
function unitPoints(xy: ArrayLike<number>): Float64Array {
  const n = xy.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xy[2 * i]!;
    cy += xy[2 * i + 1]!;
  }
  cx /= n;
  cy /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xy[2 * i]! - cx) ** 2 + (xy[2 * i + 1]! - cy) ** 2;
  const s = Math.sqrt(ss / n) || 1;
  const out = new Float64Array(xy.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (xy[2 * i]! - cx) / s;
    out[2 * i + 1] = (xy[2 * i + 1]! - cy) / s;
  }
  return out;
}

/**
 * Depth of frame i mapped into frame j by the closed-form 3D affine (third row), and frame j's own unit
 * depth: [mapped, own]. `ridge` as in the closed form (on the depth coefficient).
 */
export function mapDepthInto(
  xyI: ArrayLike<number>,
  zI: ArrayLike<number>,
  zJ: ArrayLike<number>,
  ridge = 0,
): [Float64Array, Float64Array] {
  const n = zI.length;
  if (xyI.length !== 2 * n || zJ.length !== n)
    throw new Error(`consistency: inconsistent sizes (xy ${xyI.length}, z ${zI.length}, ${zJ.length})`);
  const p = unitPoints(xyI);
  const zi = unitDepth(zI);
  const zj = unitDepth(zJ);
  const rhs = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) rhs[2 * k] = rhs[2 * k + 1] = zj[k]!;
  const m = solveAffineRaw(p, zi, rhs, ridge).m;
  const mapped = new Float64Array(n);
  for (let k = 0; k < n; k++) mapped[k] = m[0]! * p[2 * k]! + m[1]! * p[2 * k + 1]! + m[2]! * zi[k]! + m[6]!;
  return [mapped, zj];
}

/** Mean squared difference between frame j's unit depth and frame i's depth mapped into frame j (0..1). */
export function consistencyResidual(
  xyI: ArrayLike<number>,
  zI: ArrayLike<number>,
  zJ: ArrayLike<number>,
  ridge = 0,
): number {
  const [mapped, own] = mapDepthInto(xyI, zI, zJ, ridge);
  let s = 0;
  for (let k = 0; k < own.length; k++) s += (own[k]! - mapped[k]!) ** 2;
  return s / own.length;
}

/** The symmetric consistency of a pair of frames: mean of the residuals i -> j and j -> i. */
export function pairConsistency(
  xyI: ArrayLike<number>,
  zI: ArrayLike<number>,
  xyJ: ArrayLike<number>,
  zJ: ArrayLike<number>,
  ridge = 0,
): number {
  return (consistencyResidual(xyI, zI, zJ, ridge) + consistencyResidual(xyJ, zJ, zI, ridge)) / 2;
}
