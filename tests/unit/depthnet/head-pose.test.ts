import { describe, expect, it } from 'vitest';
import { affineFromPose, applyAffine } from '../../../src-shared/geometry/affine.ts';
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import { estimateHeadPose } from '../../../src-shared/geometry/head-pose.ts';

function render(yawDeg: number, pitchDeg: number, rollDeg = 0): Float64Array {
  const m = affineFromPose({ yawDeg, pitchDeg, rollDeg, scale: 180, tx: 320, ty: 240 });
  const xy = CANONICAL_FACE_3D.flatMap((p) => [p[0], p[1]]);
  const z = CANONICAL_FACE_3D.map((p) => p[2]);
  return applyAffine(m, xy, z).xy;
}

describe('head pose from keypoints', () => {
  it('recovers yaw and pitch of the canonical face under known rotations (roll does not matter)', () => {
    for (const yaw of [-60, -30, 0, 25, 60])
      for (const pitch of [-20, 0, 15])
        for (const roll of [0, 12]) {
          const p = estimateHeadPose(render(yaw, pitch, roll));
          expect(p.yawDeg).toBeCloseTo(yaw, 6);
          expect(p.pitchDeg).toBeCloseTo(pitch, 6);
        }
  });
});
