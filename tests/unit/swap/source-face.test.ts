import { describe, expect, it } from 'vitest';
import { affineFromPose, applyAffine } from '../../../src-shared/geometry/affine.ts';
import {
  chooseSourceFace,
  faceSizePx,
  sourceFaceOrder,
  sourceFaceWarnings,
} from '../../../src-shared/geometry/source-face.ts';
import { canonicalFace } from './fixtures.ts';

type P = [number, number];
const pts = (xy: ArrayLike<number>): P[] => {
  const out: P[] = [];
  for (let i = 0; i < xy.length; i += 2) out.push([xy[i]!, xy[i + 1]!]);
  return out;
};
const face = (size: number, cx: number, yawDeg = 0): P[] => {
  const c = canonicalFace(size, 0, 0);
  return pts(applyAffine(affineFromPose({ yawDeg, tx: cx, ty: 300 }), c.xy, c.depth).xy);
};

describe('source face choice (one rule for the swap and the depth view)', () => {
  it('orders faces largest first, ties left to right, and picks by that order', () => {
    const faces = [face(100, 500), face(200, 900), face(100, 100)];
    expect(sourceFaceOrder(faces)).toEqual([1, 2, 0]);
    const c0 = chooseSourceFace(faces);
    const c2 = chooseSourceFace(faces, 2);
    expect(c0.ok && c0.keypoints[0]![0]).toBeCloseTo(faces[1]![0]![0], 9);
    expect(c2.ok && c2.keypoints[0]![0]).toBeCloseTo(faces[0]![0]![0], 9);
  });

  it('says why there is no face to use', () => {
    expect(chooseSourceFace([])).toEqual({ ok: false, reason: 'no face found' });
    const r = chooseSourceFace([face(100, 100)], 3);
    expect(!r.ok && r.reason).toMatch(/has 1 face \(0-0/);
    const profile = chooseSourceFace([face(100, 100, 75)]);
    expect(!profile.ok && profile.reason).toMatch(/profile/);
  });

  it('warns for a much smaller source (both sizes in px), a turned face, closed eyes and a wide-open mouth', () => {
    const small = face(100, 100);
    const w = sourceFaceWarnings(small, 3 * faceSizePx(small));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      new RegExp(`${Math.round(faceSizePx(small))} px vs ${Math.round(3 * faceSizePx(small))} px`),
    );
    expect(sourceFaceWarnings(small, faceSizePx(small))).toEqual([]);
    expect(sourceFaceWarnings(face(100, 100, 40)).join()).toMatch(/turned/);
    const shut = small.map((p, i): P => {
      const pair = { 37: 41, 38: 40, 43: 47, 44: 46, 41: 37, 40: 38, 47: 43, 46: 44 }[i];
      return pair === undefined ? p : [p[0], (p[1] + small[pair]![1]) / 2];
    });
    expect(sourceFaceWarnings(shut).join()).toMatch(/eyes closed/);
    // A scream: the lower inner lip 0.3 eye distances below the upper one.
    const eyeDist = Math.hypot(small[45]![0] - small[36]![0], small[45]![1] - small[36]![1]);
    const open = small.map((p, i): P => (i >= 65 && i <= 67 ? [p[0], p[1] + 0.3 * eyeDist] : p));
    expect(sourceFaceWarnings(open).join()).toMatch(/mouth is wide open \(gap 0\.3/);
    expect(sourceFaceWarnings(small).join()).not.toMatch(/mouth/);
  });
});
