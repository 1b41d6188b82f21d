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
