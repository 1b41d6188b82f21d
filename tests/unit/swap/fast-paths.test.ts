// The table-driven Lab conversion and the coarse distance transform agree with their exact references.
import { describe, expect, it } from 'vitest';
import { linearToSrgb8, linearToSrgb8Reference, rgbToLab } from '../../../src-main/swap/lab.ts';
import { distanceToOutside } from '../../../src-main/swap/distance-transform.ts';
import { distanceToOutsideScaled } from './reference-distance.ts';

function exactLab(r: number, g: number, b: number): number[] {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const [lr, lg, lb] = [lin(r), lin(g), lin(b)];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047);
  const y = f(0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb);
  const z = f((0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

describe('Lab by lookup tables', () => {
  it('linear -> 8-bit sRGB equals the pow formula rounded, everywhere', () => {
    for (let i = 0; i <= 200_000; i++) {
      const c = (i / 200_000) * 1.02 - 0.01;
      if (linearToSrgb8(c) !== linearToSrgb8Reference(c))
        expect([c, linearToSrgb8(c)]).toEqual([c, linearToSrgb8Reference(c)]);
    }
    // Exactly at and around every rounding threshold.
    for (let k = 1; k < 256; k++) {
      const v = (k - 0.5) / 255;
      const t = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      for (const c of [t * (1 - 1e-9), t * (1 + 1e-9)])
        expect(linearToSrgb8(c)).toBe(linearToSrgb8Reference(c));
    }
  });
  it('sRGB -> Lab is within 1e-3 of the cbrt formula', () => {
    const lab = new Float64Array(3);
    let worst = 0;
    for (let r = 0; r < 256; r += 5)
      for (let g = 0; g < 256; g += 5)
        for (let b = 0; b < 256; b += 5) {
          rgbToLab(r, g, b, lab, 0);
          const e = exactLab(r, g, b);
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(lab[c]! - e[c]!));
        }
    expect(worst).toBeLessThan(1e-3);
  });
});

describe('coarse distance transform', () => {
  it('stays within the cell size of the exact distances; outside stays 0', () => {
    const w = 240;
    const h = 200;
    const inside = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const e = ((x - 118) / 100) ** 2 + ((y - 104) / 85) ** 2;
        inside[y * w + x] = e < 1 && !(Math.abs(x - 118) < 20 && Math.abs(y - 140) < 6) ? 1 : 0;
      }
    const exact = distanceToOutside(inside, w, h);
    for (const s of [2, 3, 4]) {
      const coarse = distanceToOutsideScaled(inside, w, h, s);
      let worst = 0;
      for (let i = 0; i < w * h; i++) {
        if (!inside[i]) expect(coarse[i]).toBe(0);
        else worst = Math.max(worst, Math.abs(coarse[i]! - exact[i]!));
      }
      expect(worst).toBeLessThanOrEqual(1.5 * s);
    }
    expect(distanceToOutsideScaled(inside, w, h, 1)).toEqual(exact);
  });
});
