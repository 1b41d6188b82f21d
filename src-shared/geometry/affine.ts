// The DepthNets 2x4 affine: [x', y'] = M [x, y, depth, 1], orthographic. Stored row-major in 8 numbers:
// [m00, m01, m02, m03, m10, m11, m12, m13]. The depth a transformed point has (for the z-buffer) is taken along
// the normal of the two rows' linear parts, m1 x m2, scaled to pixel units: for a rotation times a scale s
// this is exactly s times the rotated depth, so a turned face hides its far side.

export type Affine2x4 = readonly [number, number, number, number, number, number, number, number];

export const IDENTITY_AFFINE: Affine2x4 = [1, 0, 0, 0, 0, 1, 0, 0];

export function isAffine2x4(v: ArrayLike<number>): boolean {
  if (v.length !== 8) return false;
  for (let i = 0; i < 8; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** The unit-free depth row: (m1 x m2) / sqrt(|m1 x m2|), so its length is the mean scale of the two rows. */
export function depthRow(m: Affine2x4): [number, number, number] {
  const [a, b, c, , d, e, f] = m;
  const nx = b * f - c * e;
  const ny = c * d - a * f;
  const nz = a * e - b * d;
  const len = Math.hypot(nx, ny, nz);
  if (len === 0) return [0, 0, 0];
  const s = 1 / Math.sqrt(len);
  return [nx * s, ny * s, nz * s];
}

export interface TransformedPoints {
  /** x', y' interleaved. */
  xy: Float64Array;
  /** Depth along the view axis, larger = nearer the camera. */
  z: Float64Array;
}

/** Applies M to points given as interleaved x,y and a depth per point. */
export function applyAffine(
  m: Affine2x4,
  xy: ArrayLike<number>,
  depth: ArrayLike<number>,
): TransformedPoints {
  const n = depth.length;
  if (xy.length !== 2 * n) throw new Error(`applyAffine: ${xy.length / 2} positions but ${n} depths`);
  const [m00, m01, m02, m03, m10, m11, m12, m13] = m;
  const [r0, r1, r2] = depthRow(m);
  const out = new Float64Array(2 * n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    const d = depth[i]!;
    out[2 * i] = m00 * x + m01 * y + m02 * d + m03;
    out[2 * i + 1] = m10 * x + m11 * y + m12 * d + m13;
    z[i] = r0 * x + r1 * y + r2 * d;
  }
  return { xy: out, z };
}

/** The 2x4 affine of a 3D rotation (yaw about y, then pitch about x, then roll about z), a scale, a shift. */
export function affineFromPose(pose: {
  yawDeg?: number;
  pitchDeg?: number;
  rollDeg?: number;
  scale?: number;
  tx?: number;
  ty?: number;
}): Affine2x4 {
  const rad = Math.PI / 180;
  const y = (pose.yawDeg ?? 0) * rad;
  const p = (pose.pitchDeg ?? 0) * rad;
  const r = (pose.rollDeg ?? 0) * rad;
  const s = pose.scale ?? 1;
  // Yaw: x' = x cos + z sin, z' = -x sin + z cos (a positive yaw moves the nose toward +x).
  const Ry = [
    [Math.cos(y), 0, Math.sin(y)],
    [0, 1, 0],
    [-Math.sin(y), 0, Math.cos(y)],
  ];
  const Rx = [
    [1, 0, 0],
    [0, Math.cos(p), -Math.sin(p)],
    [0, Math.sin(p), Math.cos(p)],
  ];
  const Rz = [
    [Math.cos(r), -Math.sin(r), 0],
    [Math.sin(r), Math.cos(r), 0],
    [0, 0, 1],
  ];
  const mul = (A: number[][], B: number[][]) =>
    A.map((row) => [0, 1, 2].map((j) => row[0]! * B[0]![j]! + row[1]! * B[1]![j]! + row[2]! * B[2]![j]!));
  const R = mul(Rz, mul(Rx, Ry));
  const r0 = R[0]!;
  const r1 = R[1]!;
  return [s * r0[0]!, s * r0[1]!, s * r0[2]!, pose.tx ?? 0, s * r1[0]!, s * r1[1]!, s * r1[2]!, pose.ty ?? 0];
}
