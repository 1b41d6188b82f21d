// Reinhard colour transfer as it was before the speed work (test reference).
import type { Image, Rect } from '../../../src-main/swap/image.ts';
import { labToRgb, rgbToLab } from '../../../src-main/swap/lab.ts'; // the Lab conversion itself did not change

export interface LabStats {
  mean: [number, number, number];
  std: [number, number, number];
  count: number;
}

/** Lab mean/std of the pixels i where weight[i] > threshold; `offsetOf(i)` is pixel i's RGB offset in `data`. */
function stats(
  data: Uint8Array,
  weight: Float32Array,
  threshold: number,
  offsetOf: (i: number) => number,
): LabStats {
  const n = weight.length;
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let count = 0;
  const lab = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    if (weight[i]! <= threshold) continue;
    const o = offsetOf(i);
    rgbToLab(data[o]!, data[o + 1]!, data[o + 2]!, lab, 0);
    for (let c = 0; c < 3; c++) {
      sum[c]! += lab[c]!;
      sq[c]! += lab[c]! * lab[c]!;
    }
    count++;
  }
  const mean = sum.map((s) => (count > 0 ? s / count : 0)) as [number, number, number];
  const std = sq.map((s, c) => (count > 0 ? Math.sqrt(Math.max(0, s / count - mean[c]! ** 2)) : 0)) as [
    number,
    number,
    number,
  ];
  return { mean, std, count };
}

export function patchLabStats(rgb: Uint8Array, weight: Float32Array, threshold = 0.5): LabStats {
  return stats(rgb, weight, threshold, (i) => 3 * i);
}

export function frameLabStats(frame: Image, rect: Rect, weight: Float32Array, threshold = 0.5): LabStats {
  const { x0, y0, width } = rect;
  const ch = frame.channels;
  return stats(frame.data, weight, threshold, (i) => {
    const px = x0 + (i % width);
    const py = y0 + Math.floor(i / width);
    return (py * frame.width + px) * ch;
  });
}

/**
 * Recolours `rgb` (the warped patch, 3 bytes per pixel of `rect`) in place so that inside the mask its Lab
 * statistics match the target frame's under the same mask. Pixels with weight 0 are left as they are.
 */
export function transferColor(
  rgb: Uint8Array,
  frame: Image,
  rect: Rect,
  weight: Float32Array,
  threshold = 0.5,
): void {
  // The patch's Lab once (stats and the recolouring both need it): one conversion per pixel, not two.
  const n = weight.length;
  const lab = new Float32Array(3 * n);
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const w = weight[i]!;
    if (w <= 0) continue;
    const o = 3 * i;
    rgbToLab(rgb[o]!, rgb[o + 1]!, rgb[o + 2]!, lab, o);
    if (w <= threshold) continue;
    for (let c = 0; c < 3; c++) {
      const v = lab[o + c]!;
      sum[c]! += v;
      sq[c]! += v * v;
    }
    count++;
  }
  const dst = frameLabStats(frame, rect, weight, threshold);
  if (count < 16 || dst.count < 16) return;
  const mean = sum.map((v) => v / count);
  const std = sq.map((v, c) => Math.sqrt(Math.max(0, v / count - mean[c]! ** 2)));
  const gain = [0, 1, 2].map((c) => (std[c]! > 1e-6 ? dst.std[c]! / std[c]! : 1));
  const [g0, g1, g2] = gain as [number, number, number];
  const o0 = dst.mean[0] - mean[0]! * g0;
  const o1 = dst.mean[1] - mean[1]! * g1;
  const o2 = dst.mean[2] - mean[2]! * g2;
  for (let i = 0; i < n; i++) {
    if (weight[i]! <= 0) continue;
    const o = 3 * i;
    labToRgb(lab[o]! * g0 + o0, lab[o + 1]! * g1 + o1, lab[o + 2]! * g2 + o2, rgb, o);
  }
}
