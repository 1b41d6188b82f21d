// Alpha-compositing of a warped, masked face patch over the target frame, and the frame's face matte.
import type { Image, Rect } from './image.ts';

/**
 * frame = alpha * patch + (1 - alpha) * frame inside `rect`, in place; matte (one byte per frame pixel) = max.
 * `bounds` (patch pixels) may say where alpha > 0, to skip the rest.
 */
export function compositeInto(
  frame: Image,
  rect: Rect,
  rgb: Uint8Array,
  alpha: Float32Array,
  matte?: Uint8Array,
  bounds?: Rect | null,
): void {
  const { x0, y0, width: w, height: h } = rect;
  const ch = frame.channels;
  const data = frame.data;
  if (matte && matte.length !== frame.width * frame.height)
    throw new Error('matte size does not match the frame');
  if (bounds === null) return;
  const bx0 = bounds ? bounds.x0 : 0;
  const bx1 = bounds ? bounds.x0 + bounds.width : w;
  const by0 = bounds ? bounds.y0 : 0;
  const by1 = bounds ? bounds.y0 + bounds.height : h;
  for (let y = by0; y < by1; y++) {
    const rowP = (y0 + y) * frame.width + x0;
    for (let x = bx0; x < bx1; x++) {
      const i = y * w + x;
      const a = alpha[i]!;
      if (a <= 0) continue;
      const p = rowP + x;
      const o = p * ch;
      const s = 3 * i;
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
