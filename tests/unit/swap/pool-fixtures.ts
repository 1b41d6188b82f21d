// A small swap pool set-up shared by the pool and warp-cache tests: the canonical face as the source, and
// RGBA frames with the face at a pose that changes with k.
import { affineFromPose } from '../../../src-shared/geometry/affine.ts';
import { mirrorImage, type Image } from '../../../src-main/swap/image.ts';
import { mirrorKeypoints } from '../../../src-shared/geometry/mirror.ts';
import type { FaceInFrame } from '../../../src-main/swap/swap-frame.ts';
import type { SwapWorkerInit } from '../../../src-main/swap/swap-job.ts';
import { canonicalFace, texture } from './fixtures.ts';

const face = canonicalFace(120, 160, 170);
const tex = texture(320, 320);
export const poolInit: SwapWorkerInit = {
  source: {
    normal: { texture: tex, keypoints: face.xy },
    mirrored: { texture: mirrorImage(tex), keypoints: mirrorKeypoints(face.xy, 320) },
  },
  options: {},
  matteToAlpha: true,
};

export function poolFrame(k: number): Image {
  const data = new Uint8Array(200 * 150 * 4).map((_, i) => (i * (k + 3)) % 251);
  return { width: 200, height: 150, channels: 4, data };
}

export function poolFaces(k: number): FaceInFrame[] {
  // Recentre the face: rotate about its own centre, then move it into the 200x150 frame.
  const m = affineFromPose({ yawDeg: -40 + 10 * k, scale: 0.8 });
  const shifted = [
    m[0],
    m[1],
    m[2],
    100 - (m[0] * 160 + m[1] * 170),
    m[4],
    m[5],
    m[6],
    75 - (m[4] * 160 + m[5] * 170),
  ] as const;
  return [{ affine: shifted, depth: face.depth, mirrored: k % 2 === 1 }];
}
