import { describe, expect, it } from 'vitest';
import { clearSourceMouth } from '../../../src-main/swap/source-mouth.ts';
import { swapSource } from '../../../src-main/swap/swap-source.ts';
import type { Image } from '../../../src-main/swap/image.ts';
import { closeMouth } from '../../../src-shared/geometry/expression.ts';
import { canonicalFace } from './fixtures.ts';

const W = 400;
/** The canonical face with its mouth open (the lower lip 0.08 eye distances lower), as a smile shows teeth. */
const face = (() => {
  const kp = Float64Array.from(canonicalFace(200, 200, 200).xy);
  const eyes = Math.hypot(kp[90]! - kp[72]!, kp[91]! - kp[73]!);
  for (const i of [55, 56, 57, 58, 59, 65, 66, 67]) kp[2 * i + 1] = kp[2 * i + 1]! + 0.08 * eyes;
  return kp;
})();
const SKIN = [200, 150, 125];
const LIP = [170, 80, 85];
const TOOTH = [235, 230, 215];

function inPoly(idx: number[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = idx.length - 1; i < idx.length; j = i++) {
    const [xi, yi, xj, yj] = [
      face[2 * idx[i]!]!,
      face[2 * idx[i]! + 1]!,
      face[2 * idx[j]!]!,
      face[2 * idx[j]! + 1]!,
    ];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}
const OUTER = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59];
const INNER = [60, 61, 62, 63, 64, 65, 66, 67];

/** Skin, lips inside the outer lip line, and teeth: inside the inner lips and, like a smile's, a band beyond them. */
function smile(): Image {
  const data = new Uint8Array(W * W * 3);
  const cy = (face[2 * 62 + 1]! + face[2 * 66 + 1]!) / 2;
  for (let y = 0; y < W; y++)
    for (let x = 0; x < W; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let c = SKIN;
      if (inPoly(OUTER, px, py)) c = LIP;
      if (inPoly(INNER, px, py) || (inPoly(OUTER, px, py) && Math.abs(py - cy) < 3)) c = TOOTH;
      data.set(c, 3 * (y * W + x));
    }
  return { width: W, height: W, channels: 3, data };
}

describe("the source's mouth interior", () => {
  it('paints teeth between the lip lines with lip colour and the opening as a shadowed mouth, leaves lips and skin, never changes the input', () => {
    const img = smile();
    const before = Uint8Array.from(img.data);
    const { image, cleared } = clearSourceMouth(img, face);
    expect(cleared).toBeGreaterThan(0);
    expect(img.data).toEqual(before);
    let teethLeft = 0;
    let changedOutside = 0;
    for (let y = 0; y < W; y++)
      for (let x = 0; x < W; x++) {
        const p = 3 * (y * W + x);
        const px = Array.from(image.data.subarray(p, p + 3));
        if (px[0]! > 220 && px[1]! > 210) teethLeft++;
        if (!inPoly(OUTER, x + 0.5, y + 0.5) && px.some((v, c) => v !== before[p + c])) changedOutside++;
      }
    expect(teethLeft).toBe(0);
    expect(changedOutside).toBe(0);
    // The filled mouth is lip-coloured (near the lips, far from the teeth).
    // Every tooth between the lip lines is now lip (or skin) coloured, far from the teeth; the opening a
    // shadowed mouth.
    const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));
    let band = 0;
    let opening = 0;
    for (let y = 0; y < W; y++)
      for (let x = 0; x < W; x++) {
        const p = 3 * (y * W + x);
        if (before[p] !== TOOTH[0]) continue;
        const got = Array.from(image.data.subarray(p, p + 3));
        if (inPoly(INNER, x + 0.5, y + 0.5)) {
          // A shadowed mouth: dark, and darker than the lips.
          if (got.every((v, c) => v < 0.5 * LIP[c]! + 1)) opening++;
        } else {
          // Lip-coloured, or skin at the corners (the fill reaches it from beyond the lip line).
          expect(Math.min(dist(got, LIP), dist(got, SKIN))).toBeLessThan(dist(got, TOOTH) / 1.5);
          band++;
        }
      }
    expect(band).toBeGreaterThan(20);
    expect(opening).toBeGreaterThan(20);
  });

  it('the shadow deepens inward from the inner lip line: no hard step along it (a saw-tooth once squeezed)', () => {
    const { image } = clearSourceMouth(smile(), face);
    // Down the mouth's middle column, from the upper lip into the opening: the red channel falls in
    // steps smaller than half the lip-to-shadow drop (at least one pixel between).
    const x = Math.round(face[2 * 62]!);
    const top = Math.floor(face[2 * 51 + 1]!);
    const mid = Math.round((face[2 * 62 + 1]! + face[2 * 66 + 1]!) / 2);
    const reds: number[] = [];
    for (let y = top; y <= mid; y++) reds.push(image.data[3 * (y * W + x)]!);
    const drop = Math.max(...reds) - Math.min(...reds);
    expect(drop).toBeGreaterThan(60);
    for (let i = 1; i < reds.length; i++) expect(Math.abs(reds[i]! - reds[i - 1]!)).toBeLessThan(drop / 2);
  });

  it('a closed mouth (lips only, the inner lips meeting) is returned as it is', () => {
    const img = smile();
    for (let i = 0; i < W * W; i++) if (img.data[3 * i] === TOOTH[0]) img.data.set(LIP, 3 * i);
    const r = clearSourceMouth(img, closeMouth(face));
    expect(r.cleared).toBe(0);
    expect(r.image).toBe(img);
  });

  it('closed lips are never painted, whatever the colours between them (a moustache, lip shading)', () => {
    const img = smile(); // light "teeth" pixels in the band, but the keypoints say the lips are closed
    const r = clearSourceMouth(img, closeMouth(face));
    expect(r.cleared).toBe(0);
    expect(r.image).toBe(img);
  });

  it('the swap source is cleared before mirroring, only when asked', () => {
    const img = smile();
    const plain = swapSource(img, face, { clearMouth: false });
    expect(plain.normal.texture.data).toBe(img.data);
    const cleared = swapSource(img, face, { clearMouth: true });
    expect(cleared.normal.texture.data).not.toEqual(img.data);
    // The mirrored texture is the cleared one, mirrored.
    const row = 3 * W * Math.round(face[2 * 62 + 1]!);
    for (let x = 0; x < W; x++)
      for (let c = 0; c < 3; c++)
        expect(cleared.mirrored.texture.data[row + 3 * (W - 1 - x) + c]).toBe(
          cleared.normal.texture.data[row + 3 * x + c],
        );
  });
});
