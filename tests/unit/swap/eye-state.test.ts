import { describe, expect, it } from 'vitest';
import { eyeGradientRatio, imageEyeClosedness } from '../../../src-main/swap/eye-state.ts';
import { eyeStates } from '../../../src-main/swap/eye-region.ts';
import type { Image } from '../../../src-main/swap/image.ts';
import { canonicalFace } from './fixtures.ts';

/**
 * A face picture drawn around the keypoints: skin everywhere, and per eye either an open eye (white almond
 * with a dark iris disc) or a shut one (a dark lash line along the eye's axis). `angle` rolls the picture.
 */
function picture(kp: Float64Array, open: [boolean, boolean], size = 400): Image {
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) data.set([196, 150, 120], 3 * i);
  [0, 1].forEach((e) => {
    const a = e === 0 ? 36 : 42;
    const x0 = kp[2 * a]!;
    const y0 = kp[2 * a + 1]!;
    const x1 = kp[2 * (a + 3)]!;
    const y1 = kp[2 * (a + 3) + 1]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const u = ((x - cx) * ux + (y - cy) * uy) / (len / 2);
        const v = (-(x - cx) * uy + (y - cy) * ux) / (len / 2);
        const p = 3 * (y * size + x);
        if (open[e]) {
          if (Math.abs(v) < 0.35 * (1 - u * u)) data.set([235, 232, 228], p);
          if (Math.hypot(u, v) < 0.3) data.set([40, 28, 20], p);
        } else if (Math.abs(u) < 0.95 && Math.abs(v - 0.05) < 0.04) {
          data.set([70, 50, 40], p);
        }
      }
    }
  });
  return { width: size, height: size, channels: 3, data };
}

function rolled(kp: Float64Array, deg: number, cx: number, cy: number): Float64Array {
  const r = (deg * Math.PI) / 180;
  const out = new Float64Array(kp.length);
  for (let i = 0; i < kp.length / 2; i++) {
    const x = kp[2 * i]! - cx;
    const y = kp[2 * i + 1]! - cy;
    out[2 * i] = cx + x * Math.cos(r) - y * Math.sin(r);
    out[2 * i + 1] = cy + x * Math.sin(r) + y * Math.cos(r);
  }
  return out;
}

describe('eye state from the picture', () => {
  const face = canonicalFace(200, 200, 200).xy;

  it('reads an open eye as open and a shut eye (lash line only) as shut, per eye', () => {
    const wink = picture(face, [true, false]);
    expect(imageEyeClosedness(wink, face, 0)).toBe(0);
    expect(imageEyeClosedness(wink, face, 1)).toBe(1);
    expect(eyeGradientRatio(wink, face, 0)!).toBeGreaterThan(eyeGradientRatio(wink, face, 1)! * 3);
  });

  it('does not depend on the head roll or the picture size', () => {
    for (const deg of [-25, 15]) {
      const kp = rolled(face, deg, 200, 200);
      const img = picture(kp, [false, true]);
      expect(imageEyeClosedness(img, kp, 0)).toBe(1);
      expect(imageEyeClosedness(img, kp, 1)).toBe(0);
    }
    const small = canonicalFace(80, 60, 60).xy;
    const img = picture(small, [true, false], 120);
    expect(imageEyeClosedness(img, small, 0)).toBe(0);
    expect(imageEyeClosedness(img, small, 1)).toBe(1);
  });

  it('a flat picture or degenerate eye reads as unknown (open), never as a blink', () => {
    const flat: Image = { width: 50, height: 50, channels: 3, data: new Uint8Array(50 * 50 * 3).fill(128) };
    expect(eyeGradientRatio(flat, face, 0)).toBeNull();
    expect(imageEyeClosedness(flat, face, 0)).toBe(0);
    const point = new Float64Array(136).fill(10);
    expect(imageEyeClosedness(picture(face, [true, true]), point, 1)).toBe(0);
  });

  it("an eye's state is the larger of the landmarks' and the picture's reading", () => {
    // The landmarks say open (the canonical lids), the picture says the second eye is shut.
    expect(eyeStates(face, picture(face, [true, false]))).toEqual([0, 1]);
    expect(eyeStates(face)).toEqual([0, 0]);
  });
});
