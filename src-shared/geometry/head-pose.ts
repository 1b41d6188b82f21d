// Head pose (yaw and pitch in degrees) from 68 keypoints: the scaled rotation of the closed-form affine
// camera that maps the canonical 3D face onto them (template-depth.ts's alignment). With R = Rz(roll) Rx(pitch)
// Ry(yaw) (affine.ts's affineFromPose convention) the third row of R is [-cos p sin y, sin p, cos p cos y],
// free of roll. Positive yaw: the nose points toward image +x (as estimateYawDeg).
import { alignTemplate } from '../depthnet/template-depth.ts';
import { CANONICAL_FACE_3D } from './canonical-face.ts';

export interface HeadPose {
  yawDeg: number;
  pitchDeg: number;
}

const CANONICAL_FLAT: readonly number[] = CANONICAL_FACE_3D.flat();
const DEG = 180 / Math.PI;

/** Pose of a face from its 68 keypoints (interleaved x, y), against `template` (default: the canonical face). */
export function estimateHeadPose(
  xy: ArrayLike<number>,
  template: ArrayLike<number> = CANONICAL_FLAT,
): HeadPose {
  if (xy.length !== 136)
    throw new Error(`estimateHeadPose needs 68 keypoints (136 numbers), got ${xy.length}`);
  const r2 = alignTemplate(template, xy).rotation[2];
  const yaw = Math.atan2(-r2[0]!, r2[2]!);
  const pitch = Math.asin(Math.max(-1, Math.min(1, r2[1]!)));
  return { yawDeg: yaw * DEG, pitchDeg: pitch * DEG };
}

/** Distance between two poses in degrees (yaw and pitch; roll is an image rotation the warp absorbs). */
export function poseDistanceDeg(a: HeadPose, b: HeadPose): number {
  return Math.hypot(a.yawDeg - b.yawDeg, a.pitchDeg - b.pitchDeg);
}
