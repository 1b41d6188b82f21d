import { describe, expect, it } from 'vitest';
import { correctSeamColor } from '../../../src-main/swap/seam-color.ts';

// A 200 x 200 patch: a round matte (feathered over 20 px) of a textured grey face on a target whose skin
// goes from dark on the left to light on the right (a side light the global transfer cannot follow).
const W = 200;
function scene() {
  const frame = { width: W, height: W, channels: 3 as const, data: new Uint8Array(W * W * 3) };
  const rgb = new Uint8Array(W * W * 3);
  const alpha = new Float32Array(W * W);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      const t = 70 + (100 * x) / W;
      frame.data.set([t, t, t], 3 * p);
      const tex = 120 + 20 * Math.sin(x / 3) * Math.cos(y / 4);
      rgb.set([tex, tex, tex], 3 * p);
      const r = Math.hypot(x - 100, y - 100);
      alpha[p] = Math.min(1, Math.max(0, (80 - r) / 20));
    }
  }
  return { frame, rgb, alpha, rect: { x0: 0, y0: 0, width: W, height: W } };
}
const step = (rgb: Uint8Array, frame: { data: Uint8Array }, alpha: Float32Array): number => {
  // Mean over 8 sectors around the centre of |mean(face - target)| in the transition band: the colour
  // step the eye sees along the seam (the face's fine texture averages out).
  const sum = new Float64Array(8);
  const cnt = new Float64Array(8);
  for (let p = 0; p < W * W; p++) {
    if (alpha[p]! < 0.15 || alpha[p]! > 0.85) continue;
    const x = p % W;
    const y = Math.floor(p / W);
    const s = Math.min(7, Math.floor(((Math.atan2(y - 100, x - 100) + Math.PI) / (2 * Math.PI)) * 8));
    sum[s] = sum[s]! + rgb[3 * p]! - frame.data[3 * p]!;
    cnt[s] = cnt[s]! + 1;
  }
  let t = 0;
  for (let s = 0; s < 8; s++) t += Math.abs(sum[s]! / cnt[s]!) / 8;
  return t;
};

describe('seam colour field', () => {
  it('meets the target colour along the band, smoothly, and keeps the face texture inside', () => {
    const { frame, rgb, alpha, rect } = scene();
    const before = step(rgb, frame, alpha);
    const original = Uint8Array.from(rgb);
    correctSeamColor(rgb, frame, rect, alpha, 140);
    const after = step(rgb, frame, alpha);
    expect(before).toBeGreaterThan(20);
    expect(after).toBeLessThan(before / 5);
    // The field (output - input) is continuous: neighbouring pixels differ by little.
    let maxJump = 0;
    for (let y = 30; y < 170; y++) {
      for (let x = 31; x < 170; x++) {
        const p = y * W + x;
        if (!(alpha[p]! > 0 && alpha[p - 1]! > 0)) continue;
        const d0 = rgb[3 * p]! - original[3 * p]!;
        const d1 = rgb[3 * (p - 1)]! - original[3 * (p - 1)]!;
        maxJump = Math.max(maxJump, Math.abs(d0 - d1));
      }
    }
    expect(maxJump).toBeLessThanOrEqual(3);
    // Texture kept: along the centre row, the pixel-to-pixel changes are the original's (the field adds
    // only a slow ramp).
    let diff = 0;
    for (let x = 60; x < 140; x++) {
      const p = 100 * W + x;
      diff += Math.abs(rgb[3 * (p + 1)]! - rgb[3 * p]! - (original[3 * (p + 1)]! - original[3 * p]!)) / 80;
    }
    expect(diff).toBeLessThan(1);
  });

  it('does nothing without a transition band', () => {
    const { frame, rgb, rect } = scene();
    const hard = new Float32Array(W * W).fill(1);
    const copy = Uint8Array.from(rgb);
    expect(correctSeamColor(rgb, frame, rect, hard, 140)).toBe(0);
    expect(rgb).toEqual(copy);
  });
});
