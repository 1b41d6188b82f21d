// Alpha-compositing of a warped, masked face patch over the target frame, and the frame's face matte.
import type { Image, Rect } from './image.ts';

/** frame = alpha * patch + (1 - alpha) * frame inside `rect`, in place; matte (one byte per frame pixel) = max. */
export function compositeInto(
  frame: Image,
  rect: Rect,
  rgb: Uint8Array,
  alpha: Float32Array,
  matte?: Uint8Array,
): void {
  const { x0, y0, width: w, height: h } = rect;
  const ch = frame.channels;
  const data = frame.data;
  if (matte && matte.length !== frame.width * frame.height)
    throw new Error('matte size does not match the frame');
  for (let y = 0; y < h; y++) {
    const fy = y0 + y;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const a = alpha[i]!;
      if (a <= 0) continue;
      const p = fy * frame.width + x0 + x;
      const o = p * ch;
      for (let c = 0; c < 3; c++) data[o + c] = data[o + c]! + a * (rgb[3 * i + c]! - data[o + c]!) + 0.5;
      if (matte) {
        const m = Math.round(a * 255);
        if (m > matte[p]!) matte[p] = m;
      }
    }
  }
}
