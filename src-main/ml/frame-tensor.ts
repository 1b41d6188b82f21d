// Calculator: a decoded 8-bit frame (RGB or RGBA, packed) as a [1, H, W, 3] int32 tensor, alpha dropped.
import { tf } from './runtime.ts';

export interface PixelFrame {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

export function frameToTensor(frame: PixelFrame): tf.Tensor4D {
  const { width, height, channels, data } = frame;
  if (width <= 0 || height <= 0) throw new Error(`frame has no pixels (${width}x${height})`);
  if (data.length !== width * height * channels) {
    throw new Error(`frame data has ${data.length} bytes, expected ${width}x${height}x${channels}`);
  }
  if (channels === 3) return tf.tensor4d(data, [1, height, width, 3], 'int32');
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i] ?? 0;
    rgb[j + 1] = data[i + 1] ?? 0;
    rgb[j + 2] = data[i + 2] ?? 0;
  }
  return tf.tensor4d(rgb, [1, height, width, 3], 'int32');
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The integer region covering squares (clipped to the frame), or null when none overlaps the frame. */
export function coveringRegion(
  frame: { width: number; height: number },
  squares: readonly { x: number; y: number; size: number }[],
  margin = 2,
): Region | null {
  if (squares.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const s of squares) {
    x0 = Math.min(x0, s.x);
    y0 = Math.min(y0, s.y);
    x1 = Math.max(x1, s.x + s.size);
    y1 = Math.max(y1, s.y + s.size);
  }
  const rx0 = Math.max(0, Math.floor(x0) - margin);
  const ry0 = Math.max(0, Math.floor(y0) - margin);
  const rx1 = Math.min(frame.width, Math.ceil(x1) + margin);
  const ry1 = Math.min(frame.height, Math.ceil(y1) + margin);
  if (rx1 <= rx0 || ry1 <= ry0) return null;
  return { x: rx0, y: ry0, width: rx1 - rx0, height: ry1 - ry0 };
}

/** A region of a frame as [1, h, w, 3] int32 (copies only that region: cheap for a face in a 4K frame). */
export function regionToTensor(frame: PixelFrame, r: Region): tf.Tensor4D {
  const { width, channels, data } = frame;
  const out = new Int32Array(r.width * r.height * 3);
  let j = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    let i = (y * width + r.x) * channels;
    for (let x = 0; x < r.width; x++, i += channels) {
      out[j++] = data[i] ?? 0;
      out[j++] = data[i + 1] ?? 0;
      out[j++] = data[i + 2] ?? 0;
    }
  }
  return tf.tensor4d(out, [1, r.height, r.width, 3], 'int32');
}
