import { describe, expect, it } from 'vitest';
import { IDENTITY_AFFINE } from '../../../src-shared/geometry/affine.ts';
import { distanceToOutside } from '../../../src-main/swap/distance-transform.ts';
import { faceMask } from '../../../src-main/swap/face-mask.ts';
import { featherFromDistance } from './reference-mask.ts';
import { frameLabStats, patchLabStats, transferColor } from '../../../src-main/swap/color-transfer.ts';
import { labToRgb, rgbToLab } from '../../../src-main/swap/lab.ts';
import { poissonBlend } from '../../../src-main/swap/poisson-blend.ts';
import { compositeInto } from '../../../src-main/swap/composite.ts';
import { warpFace } from '../../../src-main/swap/warp-face.ts';
import { swapFrame } from '../../../src-main/swap/swap-frame.ts';
import type { Image } from '../../../src-main/swap/image.ts';
import { canonicalFace, texture } from './fixtures.ts';

const W = 320;
const H = 320;
const face = canonicalFace(180, 160, 170);
const source = { texture: texture(W, H), keypoints: face.xy };

function warmTarget(): Image {
  // A differently lit, differently coloured skin-like frame with a little texture.
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const n = 12 * Math.sin(i * 0.37) * Math.cos(i * 0.011);
    data[3 * i] = 190 + n;
    data[3 * i + 1] = 140 + 0.7 * n;
    data[3 * i + 2] = 110 + 0.5 * n;
  }
  return { width: W, height: H, channels: 3, data };
}

describe('distance transform', () => {
  it('matches brute force on a random mask', () => {
    const w = 23;
    const h = 17;
    const inside = new Uint8Array(w * h).map((_, i) => ((i * 7919) % 13 < 10 ? 1 : 0));
    const d = distanceToOutside(inside, w, h);
    for (let i = 0; i < w * h; i++) {
      let best = Infinity;
      for (let j = 0; j < w * h; j++) {
        if (inside[j]) continue;
        best = Math.min(best, Math.hypot((i % w) - (j % w), Math.floor(i / w) - Math.floor(j / w)));
      }
      expect(d[i]).toBeCloseTo(best, 4);
    }
  });
});

describe('face mask', () => {
  it('feathering is monotone in the distance to the edge, 0 within the erosion, 1 deep inside', () => {
    const dist = Float32Array.from({ length: 200 }, (_, i) => i * 0.25);
    const a = featherFromDistance(dist, 5, 12);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThanOrEqual(a[i - 1]!);
    expect(a[20]).toBe(0); // distance 5 = the erosion
    expect(a[4 * 17 + 1]).toBe(1);
  });

  it('is monotone along every ray from the face centre into the border, and excludes the mouth on request', () => {
    const patch = warpFace(source, { affine: IDENTITY_AFFINE, depth: face.depth }, W, H)!;
    const mask = faceMask(patch);
    expect(mask.faceSize).toBeGreaterThan(150);
    const cx = 160 - patch.x0;
    const cy = 150 - patch.y0; // between the eyes and the mouth
    for (let k = 0; k < 36; k++) {
      const ang = (k * Math.PI) / 18;
      let prev = mask.alpha[cy * patch.width + cx]!;
      expect(prev).toBe(1);
      for (let r = 1; r < 200; r++) {
        const x = Math.round(cx + r * Math.cos(ang));
        const y = Math.round(cy + r * Math.sin(ang));
        if (x < 0 || y < 0 || x >= patch.width || y >= patch.height) break;
        const a = mask.alpha[y * patch.width + x]!;
        // Outward along a ray through a (star-shaped) face, alpha never increases beyond rounding of the ray.
        expect(a).toBeLessThanOrEqual(prev + 0.05);
        prev = Math.min(prev, a);
      }
    }
    const noMouth = faceMask(patch, { excludeMouth: true });
    const mouth = [62, 66].map((k) => [face.xy[2 * k]!, face.xy[2 * k + 1]!]);
    const mx = Math.round((mouth[0]![0]! + mouth[1]![0]!) / 2) - patch.x0;
    const my = Math.round((mouth[0]![1]! + mouth[1]![1]!) / 2) - patch.y0;
    expect(noMouth.alpha[my * patch.width + mx]).toBeLessThan(mask.alpha[my * patch.width + mx]!);
  });
});

describe('colour transfer', () => {
  it('Lab conversion round-trips 8-bit colours', () => {
    const lab = new Float64Array(3);
    const rgb = new Uint8Array(3);
    for (const [r, g, b] of [
      [0, 0, 0],
      [255, 255, 255],
      [200, 120, 90],
      [12, 200, 30],
      [90, 90, 250],
    ] as const) {
      rgbToLab(r, g, b, lab, 0);
      labToRgb(lab[0]!, lab[1]!, lab[2]!, rgb, 0);
      expect([...rgb]).toEqual([r, g, b]);
    }
  });

  it("matches the target's Lab mean and std inside the mask", () => {
    const target = warmTarget();
    const patch = warpFace(source, { affine: IDENTITY_AFFINE, depth: face.depth }, W, H)!;
    const { alpha } = faceMask(patch);
    const rect = { x0: patch.x0, y0: patch.y0, width: patch.width, height: patch.height };
    const before = patchLabStats(patch.rgb, alpha);
    const want = frameLabStats(target, rect, alpha);
    transferColor(patch.rgb, target, rect, alpha);
    const after = patchLabStats(patch.rgb, alpha);
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(before.mean[c]! - want.mean[c]!)).toBeGreaterThan(3);
      expect(Math.abs(after.mean[c]! - want.mean[c]!)).toBeLessThan(1.0);
      expect(Math.abs(after.std[c]! - want.std[c]!)).toBeLessThan(0.1 * want.std[c]! + 0.5);
    }
  });
});

describe('Poisson blend and compositing', () => {
  it('Poisson blend makes the patch meet the target at the mask boundary', () => {
    const target = warmTarget();
    const patch = warpFace(source, { affine: IDENTITY_AFFINE, depth: face.depth }, W, H)!;
    const { alpha } = faceMask(patch, { erode: 0, feather: 0 });
    const rect = { x0: patch.x0, y0: patch.y0, width: patch.width, height: patch.height };
    const seam = (rgb: Uint8Array) => {
      // Mean |patch - target| over interior pixels that touch the outside.
      let sum = 0;
      let n = 0;
      for (let y = 1; y < rect.height - 1; y++) {
        for (let x = 1; x < rect.width - 1; x++) {
          const i = y * rect.width + x;
          if (!(alpha[i]! > 0)) continue;
          if (
            alpha[i - 1]! > 0 &&
            alpha[i + 1]! > 0 &&
            alpha[i - rect.width]! > 0 &&
            alpha[i + rect.width]! > 0
          )
            continue;
          const o = ((rect.y0 + y) * W + rect.x0 + x) * 3;
          for (let c = 0; c < 3; c++) sum += Math.abs(rgb[3 * i + c]! - target.data[o + c]!);
          n += 3;
        }
      }
      return sum / n;
    };
    const before = seam(patch.rgb);
    poissonBlend(patch.rgb, target, rect, alpha, { iterations: 300 });
    const after = seam(patch.rgb);
    expect(after).toBeLessThan(before / 3);
  });

  it('composites by alpha and writes the matte', () => {
    const frame: Image = { width: 4, height: 1, channels: 3, data: new Uint8Array(12).fill(100) };
    const matte = new Uint8Array(4);
    compositeInto(
      frame,
      { x0: 1, y0: 0, width: 2, height: 1 },
      new Uint8Array([200, 200, 200, 0, 0, 0]),
      new Float32Array([0.5, 1]),
      matte,
    );
    expect([...frame.data]).toEqual([100, 100, 100, 150, 150, 150, 0, 0, 0, 100, 100, 100]);
    expect([...matte]).toEqual([0, 128, 255, 0]);
  });

  it('swapFrame with identity and no colour transfer reproduces the source inside the full-alpha region', () => {
    const frame = warmTarget();
    const mirrored = { texture: source.texture, keypoints: source.keypoints };
    const res = swapFrame(
      frame,
      { normal: source, mirrored },
      [{ affine: IDENTITY_AFFINE, depth: face.depth, mirrored: false }],
      {
        colorTransfer: false,
      },
    );
    let checked = 0;
    for (let p = 0; p < W * H; p++) {
      if (res.matte[p] !== 255) continue;
      for (let c = 0; c < 3; c++)
        expect(Math.abs(frame.data[3 * p + c]! - source.texture.data[3 * p + c]!)).toBeLessThanOrEqual(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(10000);
  });
});
