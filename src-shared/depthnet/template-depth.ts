// The "3D average template" baseline: align a 3D template's 68 keypoints to a 2D face by a scaled
// orthographic projection (Procrustes on the fitted affine camera) and read off each keypoint's depth.
import { solveAffine } from './closed-form.ts';

/**
 * Template points as flat [x0, y0, z0, ...] in the image convention (x right, y down, +z toward the
 * camera). `points` are interleaved 2D keypoints (any units); the depths come back in the same units,
 * centred (mean 0).
 */
export interface TemplateAlignment {
  /** Rows of the rotation taking template axes to camera axes (x right, y down, z toward the camera). */
  rotation: [number[], number[], number[]];
  /** Scale of the scaled-orthographic camera (face units per template unit). */
  scale: number;
}

/**
 * The scaled rotation nearest to the least-squares affine camera from the template's 3D keypoints to the
 * face's 2D keypoints (polar decomposition of its 2x3 part; third row = cross product).
 */
export function alignTemplate(template: ArrayLike<number>, points: ArrayLike<number>): TemplateAlignment {
  const n = points.length / 2;
  if (template.length !== 3 * n) throw new Error(`template has ${template.length / 3} points, face has ${n}`);
  const txy = new Float64Array(2 * n);
  const tz = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    txy[2 * i] = template[3 * i]!;
    txy[2 * i + 1] = template[3 * i + 1]!;
    tz[i] = template[3 * i + 2]!;
  }
  // Affine camera L (2x3) from template 3D to the face's 2D.
  const m = solveAffine(txy, tz, points);
  const r1 = [m[0]!, m[1]!, m[2]!];
  const r2 = [m[3]!, m[4]!, m[5]!];
  // Nearest scaled rotation: R2 = (L L^T)^(-1/2) L (polar decomposition); scale = mean singular value.
  const a = dot(r1, r1);
  const b = dot(r1, r2);
  const c = dot(r2, r2);
  const sq = sqrtSym2(a, b, c);
  const det = sq[0] * sq[2] - sq[1] * sq[1];
  if (!(det > 0)) throw new Error('template alignment is degenerate');
  const i0 = sq[2] / det;
  const i1 = -sq[1] / det;
  const i2 = sq[0] / det;
  const q1 = r1.map((v, k) => i0 * v + i1 * r2[k]!);
  const q2 = r1.map((v, k) => i1 * v + i2 * r2[k]!);
  const scale = (sq[0] + sq[2]) / 2;
  const q3 = [
    q1[1]! * q2[2]! - q1[2]! * q2[1]!,
    q1[2]! * q2[0]! - q1[0]! * q2[2]!,
    q1[0]! * q2[1]! - q1[1]! * q2[0]!,
  ];
  return { rotation: [q1, q2, q3], scale };
}

export function alignedTemplateDepth(template: ArrayLike<number>, points: ArrayLike<number>): Float64Array {
  const n = points.length / 2;
  const { rotation, scale } = alignTemplate(template, points);
  const q3 = rotation[2];
  const depth = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    depth[i] =
      scale * (q3[0]! * template[3 * i]! + q3[1]! * template[3 * i + 1]! + q3[2]! * template[3 * i + 2]!);
    mean += depth[i]!;
  }
  mean /= n;
  for (let i = 0; i < n; i++) depth[i] = depth[i]! - mean;
  return depth;
}

function dot(u: number[], v: number[]): number {
  return u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
}

/** Square root [p, q, r] of the symmetric positive 2x2 matrix [[a, b], [b, c]]. */
function sqrtSym2(a: number, b: number, c: number): [number, number, number] {
  const s = Math.sqrt(Math.max(0, a * c - b * b));
  const t = Math.sqrt(a + c + 2 * s);
  if (!(t > 0)) throw new Error('template alignment is degenerate');
  return [(a + s) / t, b / t, (c + s) / t];
}
