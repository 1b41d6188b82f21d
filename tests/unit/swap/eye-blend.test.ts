import { describe, expect, it } from 'vitest';
import { eyesFromTarget } from '../../../src-main/swap/eye-region.ts';
import {
  affineFit2d,
  eyeClosedness,
  eyeEllipse,
  eyeStateWeight,
} from '../../../src-shared/geometry/eye-blend.ts';
import { eyeOpenings } from '../../../src-shared/geometry/expression.ts';
import { canonicalFace } from './fixtures.ts';

const face = canonicalFace(200, 200, 200).xy;
/** The same keypoints with both eyes' lids moved to their middle (a blink). */
function shut(kp: Float64Array): Float64Array {
  const out = Float64Array.from(kp);
  for (const [u, l] of [
    [37, 41],
    [38, 40],
    [43, 47],
    [44, 46],
  ] as const) {
    const mid = (kp[2 * u + 1]! + kp[2 * l + 1]!) / 2;
    out[2 * u + 1] = mid;
    out[2 * l + 1] = mid;
  }
  return out;
}

describe('eye blend', () => {
  it('weights the target eye by how different the eye states are', () => {
    expect(eyeClosedness(0.1)).toBe(0);
    expect(eyeClosedness(0.01)).toBe(1);
    expect(eyeStateWeight(0.09, 0.12)).toBe(0); // both open (different shapes): the source's eye stays
    expect(eyeStateWeight(0.09, 0.01)).toBe(1); // target blinks
    expect(eyeStateWeight(0.01, 0.09)).toBe(1); // source photographed mid-blink
    expect(eyeStateWeight(0.09, 0.0425)).toBeCloseTo(0.5, 9);
  });

  it('fits an exact affine and refuses collinear points', () => {
    const from = [0, 0, 10, 0, 0, 10, 10, 10, 5, 3, 2, 7];
    const to = from.map((v, i) =>
      i % 2 === 0 ? 2 * v + 0.5 * from[i + 1]! + 3 : -v * 0.25 + from[i - 1]! + 1,
    );
    const m = affineFit2d(from, to)!;
    [2, 0.5, 3, 1, -0.25, 1].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 9));
    expect(affineFit2d([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2])).toBeNull();
  });

  it('the ellipse weight is 1 at the eye, 0 far away, continuous between', () => {
    const six = Array.from({ length: 12 }, (_, i) => face[72 + i]!);
    const e = eyeEllipse(six);
    expect(e.weight(e.cx, e.cy)).toBe(1);
    expect(e.weight(e.cx + 2 * e.reach, e.cy)).toBe(0);
    let prev = 1;
    for (let d = 0; d <= e.reach; d += 0.25) {
      const w = e.weight(e.cx + d, e.cy);
      expect(prev - w).toBeLessThan(0.05);
      prev = w;
    }
  });

  it("blends the target's eye region in where the target blinks, not where both are open", () => {
    const w = 400;
    const rect = { x0: 0, y0: 0, width: w, height: w };
    const frame = { width: w, height: w, channels: 3 as const, data: new Uint8Array(w * w * 3).fill(0) };
    for (let i = 0; i < w * w; i++) frame.data[3 * i + 2] = 250; // the target: blue everywhere
    const alpha = new Float32Array(w * w).fill(1);
    const red = () => {
      const rgb = new Uint8Array(w * w * 3);
      for (let i = 0; i < w * w; i++) rgb[3 * i] = 250;
      return rgb;
    };
    const target = shut(face);
    expect(eyeOpenings(target)[0]).toBeLessThan(0.01);
    const rgb = red();
    const weights = eyesFromTarget({ rect, rgb, alpha }, frame, face, face, target);
    expect(weights).toEqual([1, 1]);
    const cx = Math.round((face[72]! + face[78]!) / 2);
    const cy = Math.round((face[73]! + face[79]!) / 2);
    expect(Array.from(rgb.subarray(3 * (cy * w + cx), 3 * (cy * w + cx) + 3))).toEqual([0, 0, 250]);
    // The nose tip is far from both eyes: untouched.
    const n = 3 * (Math.round(face[61]!) * w + Math.round(face[60]!));
    expect(Array.from(rgb.subarray(n, n + 3))).toEqual([250, 0, 0]);
    const same = red();
    expect(eyesFromTarget({ rect, rgb: same, alpha }, frame, face, face, face)).toEqual([0, 0]);
    expect(same.every((v, i) => v === (i % 3 === 0 ? 250 : 0))).toBe(true);
  });
});
