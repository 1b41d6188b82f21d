// Colour transfer (Reinhard et al.): shift and scale each Lab channel of the warped face so that its mean
// and standard deviation inside the mask match the target's skin under the same mask.
import type { Image, Rect } from './image.ts';
import { labToRgb, rgbToLab } from './lab.ts';

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
  const src = patchLabStats(rgb, weight, threshold);
  const dst = frameLabStats(frame, rect, weight, threshold);
  if (src.count < 16 || dst.count < 16) return;
  const gain = [0, 1, 2].map((c) => (src.std[c]! > 1e-6 ? dst.std[c]! / src.std[c]! : 1));
  const lab = new Float64Array(3);
  for (let i = 0; i < weight.length; i++) {
    if (weight[i]! <= 0) continue;
    const o = 3 * i;
    rgbToLab(rgb[o]!, rgb[o + 1]!, rgb[o + 2]!, lab, 0);
    labToRgb(
      (lab[0]! - src.mean[0]) * gain[0]! + dst.mean[0],
      (lab[1]! - src.mean[1]) * gain[1]! + dst.mean[1],
      (lab[2]! - src.mean[2]) * gain[2]! + dst.mean[2],
      rgb,
      o,
    );
  }
}
