// Test data for the cleanup: synthetic two-domain crop sets (A: faces with a colour cast, the pasted look;
// B: without), as the crop cache stores them (RGB + matte bytes). Deterministic from a seed.
import { mulberry32 } from '../../src-shared/depthnet/rng.ts';
import { cropSetOf, type CropSet } from '../../src-main/cleanup/crop-set.ts';

export const SYNTHETIC_CAST: [number, number, number] = [70, 10, -60];

export function syntheticCropBytes(size: number, seed: number, cast: boolean): Uint8Array {
  const rand = mulberry32(seed);
  const out = new Uint8Array(size * size * 4);
  const cx = size * (0.45 + 0.1 * rand());
  const cy = size * (0.45 + 0.1 * rand());
  const rx = size * (0.25 + 0.05 * rand());
  const ry = size * (0.32 + 0.05 * rand());
  const skin = [190 + 20 * rand(), 140 + 20 * rand(), 110 + 20 * rand()];
  const bg = [255 * rand(), 255 * rand(), 255 * rand()];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
      const m = Math.min(1, Math.max(0, (1.15 - d) / 0.3));
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        const face = skin[c]! + 12 * (rand() - 0.5) + (cast ? SYNTHETIC_CAST[c]! : 0);
        const back = bg[c]! + 40 * (rand() - 0.5);
        out[o + c] = Math.max(0, Math.min(255, Math.round(m * face + (1 - m) * back)));
      }
      out[o + 3] = Math.round(m * 255);
    }
  }
  return out;
}

export function syntheticCropSet(size: number, count: number, seed: number, cast: boolean): CropSet {
  return cropSetOf(
    size,
    Array.from({ length: count }, (_, i) => ({
      data: syntheticCropBytes(size, seed + i, cast),
      yaw: (i / Math.max(1, count - 1)) * 2 - 1,
      frame: i,
    })),
  );
}
