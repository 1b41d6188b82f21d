// Yaw from 2D keypoints: where the nose tip sits between the two ends of the jaw, measured along the eye
// axis (so roll does not matter). For a face of the canonical depth turned by yaw t, (L - R) / (L + R) is
// k * tan(t) with k from the canonical face, which we invert. Positive yaw: the nose points toward image +x.
import { CANONICAL_FACE_3D } from './canonical-face.ts';

function canonicalDepthRatio(): number {
  const p0 = CANONICAL_FACE_3D[0]!;
  const p16 = CANONICAL_FACE_3D[16]!;
  const nose = CANONICAL_FACE_3D[30]!;
  const halfWidth = (p16[0] - p0[0]) / 2;
  return (nose[2] - (p0[2] + p16[2]) / 2) / halfWidth;
}
const DEPTH_RATIO = canonicalDepthRatio();

/** Yaw in degrees from 68 keypoints (interleaved x,y). About +-90 in full profile. */
export function estimateYawDeg(xy: ArrayLike<number>): number {
  if (xy.length < 136) throw new Error(`estimateYawDeg needs 68 keypoints (136 numbers), got ${xy.length}`);
  const pt = (i: number): [number, number] => [xy[2 * i]!, xy[2 * i + 1]!];
  // Eye axis from the mean of each eye's six points.
  let lx = 0;
  let ly = 0;
  let rx = 0;
  let ry = 0;
  for (let i = 0; i < 6; i++) {
    lx += pt(36 + i)[0];
    ly += pt(36 + i)[1];
    rx += pt(42 + i)[0];
    ry += pt(42 + i)[1];
  }
  let ax = rx - lx;
  let ay = ry - ly;
  const len = Math.hypot(ax, ay) || 1;
  ax /= len;
  ay /= len;
  const along = (p: [number, number]) => p[0] * ax + p[1] * ay;
  const nose = along(pt(30));
  const left = nose - along(pt(0));
  const right = along(pt(16)) - nose;
  const sum = left + right;
  if (!(sum > 0)) return 0;
  const ratio = (left - right) / sum;
  return (Math.atan(ratio / DEPTH_RATIO) * 180) / Math.PI;
}
