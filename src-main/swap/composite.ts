// Alpha-compositing of a warped, masked face patch over the target frame, and the frame's face matte.
import { fullSpans, type Image, type Rect, type RowSpans } from './image.ts';

/**
 * frame = alpha * patch + (1 - alpha) * frame inside `rect`, in place; matte (one byte per frame pixel) = max.
 * `area` may say where alpha > 0 (null: nowhere), to skip the rest.
 */
export function compositeInto(
  frame: Image,
  rect: Rect,
  rgb: Uint8Array,
  alpha: Float32Array,
  matte?: Uint8Array,
  area?: RowSpans | null,
): void {
  const { x0, y0, width: w, height: h } = rect;
  const ch = frame.channels;
  const data = frame.data;
  if (matte && matte.length !== frame.width * frame.height)
    throw new Error('matte size does not match the frame');
  if (area === null) return;
  const rows = area ?? fullSpans(w, h);
  for (let y = rows.y0; y < rows.y1; y++) {
    const rowP = (y0 + y) * frame.width + x0;
    for (let x = rows.first[y]!, end = rows.last[y]!; x <= end; x++) {
      const i = y * w + x;
      const a = alpha[i]!;
      if (a <= 0) continue;
      const p = rowP + x;
      const o = p * ch;
      const s = 3 * i;
      if (a === 1) {
        // What the blend below gives at alpha 1, exactly.
        data[o] = rgb[s]!;
        data[o + 1] = rgb[s + 1]!;
        data[o + 2] = rgb[s + 2]!;
        if (matte) matte[p] = 255;
        continue;
      }
      const d0 = data[o]!;
      const d1 = data[o + 1]!;
      const d2 = data[o + 2]!;
      data[o] = (d0 + a * (rgb[s]! - d0) + 0.5) | 0;
      data[o + 1] = (d1 + a * (rgb[s + 1]! - d1) + 0.5) | 0;
      data[o + 2] = (d2 + a * (rgb[s + 2]! - d2) + 0.5) | 0;
      if (matte) {
        const m = Math.round(a * 255);
        if (m > matte[p]!) matte[p] = m;
      }
    }
  }
}
