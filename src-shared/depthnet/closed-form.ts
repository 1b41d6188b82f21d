// The DepthNets closed form: the 3D affine M (2x4) that best maps depth-augmented source keypoints
// [x, y, z, 1] onto target keypoints (orthographic), by least squares, in float64.
//
// The 2N x 8 design matrix has rows [x y z 0 0 0 1 0] and [0 0 0 x y z 0 1]; the parameter vector is
// m = [m0..m7] with M = [[m0 m1 m2 m6], [m3 m4 m5 m7]]. Its normal equations A^T A (8x8) are block
// diagonal with two copies of P^T P (4x4), P = [x y z 1] (N x 4), so we solve one 4x4 Cholesky system with
// two right-hand sides (x' and y'). `ridge` adds lambda to the z coefficient's diagonal (keeps a flat or
// degenerate depth solvable). Without depth (`z === null`) the 2D affine uses P = [x y 1].
//
// Arrays are flat: points interleaved [x0, y0, x1, y1, ...], depths [z0, z1, ...].
import { cholesky, choleskySolve } from './cholesky.ts';

export interface AffineSolve {
  /** The 8 parameters [m0..m7]. */
  m: Float64Array;
  /** Cholesky factor of P^T P + ridge (k x k, k = 4 with depth, 3 without), for the backward pass. */
  factor: Float64Array;
  k: number;
}

function designRow(src: ArrayLike<number>, z: ArrayLike<number> | null, i: number, row: Float64Array): void {
  row[0] = src[2 * i]!;
  row[1] = src[2 * i + 1]!;
  if (z) {
    row[2] = z[i]!;
    row[3] = 1;
  } else {
    row[2] = 1;
  }
}

/** Expands the k coefficients of each output row into the 8-vector layout (no depth: m2 = m5 = 0). */
function toParams(a: Float64Array, b: Float64Array, depth: boolean): Float64Array {
  return depth
    ? Float64Array.of(a[0]!, a[1]!, a[2]!, b[0]!, b[1]!, b[2]!, a[3]!, b[3]!)
    : Float64Array.of(a[0]!, a[1]!, 0, b[0]!, b[1]!, 0, a[2]!, b[2]!);
}

/** Solves the closed form directly on the given coordinates (call on normalised keypoints). */
export function solveAffineRaw(
  src: ArrayLike<number>,
  z: ArrayLike<number> | null,
  tgt: ArrayLike<number>,
  ridge = 0,
): AffineSolve {
  const n = src.length / 2;
  if (!Number.isInteger(n) || tgt.length !== src.length || (z && z.length !== n)) {
    throw new Error(
      `closed form: inconsistent sizes (src ${src.length}, z ${z?.length ?? '-'}, tgt ${tgt.length})`,
    );
  }
  const k = z ? 4 : 3;
  const s = new Float64Array(k * k);
  const rx = new Float64Array(k);
  const ry = new Float64Array(k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    designRow(src, z, i, row);
    const tx = tgt[2 * i]!;
    const ty = tgt[2 * i + 1]!;
    for (let p = 0; p < k; p++) {
      const rp = row[p]!;
      rx[p] = rx[p]! + rp * tx;
      ry[p] = ry[p]! + rp * ty;
      for (let q = 0; q <= p; q++) s[p * k + q] = s[p * k + q]! + rp * row[q]!;
    }
  }
  for (let p = 0; p < k; p++) for (let q = 0; q < p; q++) s[q * k + p] = s[p * k + q]!;
  if (z) s[2 * k + 2] = s[2 * k + 2]! + ridge;
  const factor = cholesky(s, k);
  const a = choleskySolve(factor, k, rx);
  const b = choleskySolve(factor, k, ry);
  return { m: toParams(a, b, z !== null), factor, k };
}

function meanAndRms(values: ArrayLike<number>, stride: number, offset: number): [number, number] {
  const n = values.length / stride;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i * stride + offset]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i * stride + offset]! - mean) ** 2;
  return [mean, Math.sqrt(ss / n)];
}

/**
 * The closed form on coordinates in any units (pixels): centres and scales source, depth and target
 * internally for conditioning, solves, and maps the parameters back. `ridge` is in normalised units.
 */
export function solveAffine(
  src: ArrayLike<number>,
  z: ArrayLike<number> | null,
  tgt: ArrayLike<number>,
  ridge = 0,
): Float64Array {
  const n = src.length / 2;
  const [sx, sxr] = meanAndRms(src, 2, 0);
  const [sy, syr] = meanAndRms(src, 2, 1);
  const [tx, txr] = meanAndRms(tgt, 2, 0);
  const [ty, tyr] = meanAndRms(tgt, 2, 1);
  const ss = Math.sqrt((sxr * sxr + syr * syr) / 2) || 1;
  const ts = Math.sqrt((txr * txr + tyr * tyr) / 2) || 1;
  let zm = 0;
  let zs = 1;
  if (z) [zm, zs] = meanAndRms(z, 1, 0);
  if (!(zs > 0)) zs = 1;
  const ns = new Float64Array(2 * n);
  const nt = new Float64Array(2 * n);
  const nz = z ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    ns[2 * i] = (src[2 * i]! - sx) / ss;
    ns[2 * i + 1] = (src[2 * i + 1]! - sy) / ss;
    nt[2 * i] = (tgt[2 * i]! - tx) / ts;
    nt[2 * i + 1] = (tgt[2 * i + 1]! - ty) / ts;
    if (nz) nz[i] = (z![i]! - zm) / zs;
  }
  const m = solveAffineRaw(ns, nz, nt, ridge).m;
  // target = ts * (Ln * [(x-sx)/ss, (y-sy)/ss, (z-zm)/zs] + tn) + [tx, ty]
  const out = new Float64Array(8);
  for (let r = 0; r < 2; r++) {
    const l0 = (ts * m[3 * r]!) / ss;
    const l1 = (ts * m[3 * r + 1]!) / ss;
    const l2 = (ts * m[3 * r + 2]!) / zs;
    out[3 * r] = l0;
    out[3 * r + 1] = l1;
    out[3 * r + 2] = l2;
    out[6 + r] = ts * m[6 + r]! + (r === 0 ? tx : ty) - l0 * sx - l1 * sy - l2 * zm;
  }
  return out;
}

/** Applies m to the source points (with depth, or none), returning interleaved target points. */
export function applyAffine(
  m: ArrayLike<number>,
  src: ArrayLike<number>,
  z: ArrayLike<number> | null,
): Float64Array {
  const n = src.length / 2;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = src[2 * i]!;
    const y = src[2 * i + 1]!;
    const d = z ? z[i]! : 0;
    out[2 * i] = m[0]! * x + m[1]! * y + m[2]! * d + m[6]!;
    out[2 * i + 1] = m[3]! * x + m[4]! * y + m[5]! * d + m[7]!;
  }
  return out;
}

/** m as the 2x4 matrix [[m0 m1 m2 m6], [m3 m4 m5 m7]]. */
export function affineMatrix(m: ArrayLike<number>): number[][] {
  return [
    [m[0]!, m[1]!, m[2]!, m[6]!],
    [m[3]!, m[4]!, m[5]!, m[7]!],
  ];
}

export interface AffineGrads {
  src: Float64Array;
  z: Float64Array;
  tgt: Float64Array;
}

/**
 * Backward pass of solveAffineRaw (with depth): given g = dL/dm (8), returns dL/dsrc, dL/dz, dL/dtgt.
 * For x = argmin ||A x - b||^2 (+ ridge), G = (A^T A + R)^-1, u = G g: dL/db = A u and
 * dL/dA = (b - A x) u^T - (A u) x^T; rows of A are mapped back onto the x, y, z they hold.
 */
export function solveAffineBackward(
  src: ArrayLike<number>,
  z: ArrayLike<number>,
  tgt: ArrayLike<number>,
  solved: AffineSolve,
  g: ArrayLike<number>,
): AffineGrads {
  const n = src.length / 2;
  const { m, factor } = solved;
  const ua = choleskySolve(factor, 4, [g[0]!, g[1]!, g[2]!, g[6]!]);
  const ub = choleskySolve(factor, 4, [g[3]!, g[4]!, g[5]!, g[7]!]);
  const a = [m[0]!, m[1]!, m[2]!, m[6]!];
  const b = [m[3]!, m[4]!, m[5]!, m[7]!];
  const dsrc = new Float64Array(2 * n);
  const dz = new Float64Array(n);
  const dtgt = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = src[2 * i]!;
    const y = src[2 * i + 1]!;
    const d = z[i]!;
    const pua = ua[0]! * x + ua[1]! * y + ua[2]! * d + ua[3]!;
    const pub = ub[0]! * x + ub[1]! * y + ub[2]! * d + ub[3]!;
    const resx = tgt[2 * i]! - (a[0]! * x + a[1]! * y + a[2]! * d + a[3]!);
    const resy = tgt[2 * i + 1]! - (b[0]! * x + b[1]! * y + b[2]! * d + b[3]!);
    dtgt[2 * i] = pua;
    dtgt[2 * i + 1] = pub;
    // dP[i, c] = resx * ua[c] - pua * a[c] + resy * ub[c] - pub * b[c]
    dsrc[2 * i] = resx * ua[0]! - pua * a[0]! + resy * ub[0]! - pub * b[0]!;
    dsrc[2 * i + 1] = resx * ua[1]! - pua * a[1]! + resy * ub[1]! - pub * b[1]!;
    dz[i] = resx * ua[2]! - pua * a[2]! + resy * ub[2]! - pub * b[2]!;
  }
  return { src: dsrc, z: dz, tgt: dtgt };
}
