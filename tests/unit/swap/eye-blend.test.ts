import { describe, expect, it } from 'vitest';
import { eyesFromTarget } from '../../../src-main/swap/eye-region.ts';
import {
  cornerSimilarity,
  eyeClosedness,
  eyeEllipse,
  eyeBlendWeight,
  pairEyeStates,
  WINK_DIFFERENCE,
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
    const c = eyeClosedness;
    expect(eyeBlendWeight(c(0.09), c(0.12))).toBe(0); // both open (different shapes): the source's eye stays
    expect(eyeBlendWeight(c(0.09), c(0.01))).toBe(1); // target blinks
    expect(eyeBlendWeight(c(0.01), c(0.09))).toBe(1); // source photographed mid-blink
    expect(eyeBlendWeight(0, 0.1)).toBe(0); // nearly the same state: no ghost of a second lid
    expect(eyeBlendWeight(0, 0.35)).toBeCloseTo(0.5, 9); // the middle of the steep step
    expect(eyeBlendWeight(0.2, 0.8)).toBe(1);
  });

  it('maps one pair of eye corners onto another by a similarity', () => {
    const m = cornerSimilarity([10, 20, 30, 20], [5, 5, 5, 45])!; // rotate 90 degrees, scale 2
    const at = (x: number, y: number) => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
    expect(at(10, 20)).toEqual([5, 5]);
    expect(at(30, 20)).toEqual([5, 45]);
    const mid = at(20, 25); // 5 px below the middle: 10 px to the side after rotation and scale
    expect(mid[0]).toBeCloseTo(-5, 9);
    expect(mid[1]).toBeCloseTo(25, 9);
    expect(cornerSimilarity([1, 1, 1, 1], [0, 0, 1, 1])).toBeNull();
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

  it("blends the target's eye region in where the target blinks, at the face's colour, not where both are open", () => {
    const w = 400;
    const rect = { x0: 0, y0: 0, width: w, height: w };
    const cx = Math.round((face[72]! + face[78]!) / 2);
    const cy = Math.round((face[73]! + face[79]!) / 2);
    // The target: grey 100 skin, a dark lid line (grey 20) through the eye's centre.
    const frame = { width: w, height: w, channels: 3 as const, data: new Uint8Array(w * w * 3).fill(100) };
    for (let x = cx - 8; x <= cx + 8; x++)
      for (let y = cy - 3; y <= cy + 3; y++) frame.data.fill(20, 3 * (y * w + x), 3 * (y * w + x) + 3);
    const alpha = new Float32Array(w * w).fill(1);
    const face200 = () => new Uint8Array(w * w * 3).fill(200); // the output face: grey 200
    const target = shut(face);
    expect(eyeOpenings(target)[0]).toBeLessThan(0.01);
    const rgb = face200();
    const weights = eyesFromTarget({ rect, rgb, alpha }, frame, face, face, target);
    expect(weights).toEqual([1, 1]);
    // The target's lid line comes in, shifted by the skin difference (200 - 100): 20 + 100.
    expect(Array.from(rgb.subarray(3 * (cy * w + cx), 3 * (cy * w + cx) + 3))).toEqual([120, 120, 120]);
    // Skin beside the lid line: the face's colour (no lighter or darker patch around the eye).
    const beside = 3 * ((cy + 9) * w + cx);
    expect(Array.from(rgb.subarray(beside, beside + 3))).toEqual([200, 200, 200]);
    // The nose tip is far from both eyes: untouched.
    const n = 3 * (Math.round(face[61]!) * w + Math.round(face[60]!));
    expect(Array.from(rgb.subarray(n, n + 3))).toEqual([200, 200, 200]);
    // Both open (landmarks open, and a picture without a lid line): the source's eye stays.
    const same = face200();
    const plain = { ...frame, data: new Uint8Array(w * w * 3).fill(100) };
    expect(eyesFromTarget({ rect, rgb: same, alpha }, plain, face, face, face)).toEqual([0, 0]);
    expect(same.every((v) => v === 200)).toBe(true);
  });
});

describe('pairEyeStates', () => {
  it('keeps a wink (states at least WINK_DIFFERENCE apart) and treats two similar eyes alike', () => {
    expect(pairEyeStates([0, 1])).toEqual([0, 1]);
    expect(pairEyeStates([0.9, 0.4])).toEqual([0.9, 0.4]);
    const [a, b] = pairEyeStates([0.59, 0.29]);
    expect(a).toBeCloseTo(0.44, 12);
    expect(b).toBe(a);
    expect(pairEyeStates([0, 0])).toEqual([0, 0]);
    expect(WINK_DIFFERENCE).toBe(0.5);
  });
});
