// The matte view's image: the alpha of one frame of a clip with a matte (the swap preview's ProRes 4444,
// where the swap engine puts its per-frame face matte) as a grey picture, white = the swapped face.
import type { RawFrame } from '../media/frame-reader.ts';
import { readFrame } from '../media/frame-reader.ts';
import { encodeImage } from '../media/image.ts';
import type { MediaInfo } from '../../src-shared/media.ts';

/** Whether ffmpeg's pixel format carries alpha (yuva444p10le, rgba, gbrap, ya8...). */
export function hasAlpha(pixelFormat: string): boolean {
  return /^(yuva|gbrap|rgba|bgra|argb|abgr|ya)/.test(pixelFormat);
}

/**
 * Grey RGB from the alpha byte of an RGBA frame, shrunk by a whole factor to at most `maxWidth` wide (each
 * output pixel the mean of its block, so a thin feather keeps its grey levels).
 */
export function alphaToGray(frame: RawFrame, maxWidth?: number): RawFrame {
  if (frame.channels !== 4) throw new Error('the matte needs an RGBA frame');
  const f = maxWidth && maxWidth < frame.width ? Math.ceil(frame.width / maxWidth) : 1;
  const width = Math.floor(frame.width / f);
  const height = Math.floor(frame.height / f);
  const data = new Uint8Array(width * height * 3);
  const n = f * f;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = (y * f + dy) * frame.width;
        for (let dx = 0; dx < f; dx++) sum += frame.data[(row + x * f + dx) * 4 + 3]!;
      }
      const v = Math.round(sum / n);
      const o = (y * width + x) * 3;
      data[o] = v;
      data[o + 1] = v;
      data[o + 2] = v;
    }
  }
  return { index: frame.index, width, height, channels: 3, data };
}

/** Frame `index`'s matte as a PNG (lossless: the feather's grey levels are what one looks at). */
export async function grabMatte(
  filePath: string,
  index: number,
  opts: { info: MediaInfo; maxWidth?: number; signal?: AbortSignal },
): Promise<Buffer> {
  if (!hasAlpha(opts.info.pixelFormat)) {
    throw new Error(`${filePath} has no matte (its pixels are ${opts.info.pixelFormat}, without alpha)`);
  }
  const sig = opts.signal ? { signal: opts.signal } : {};
  const frame = await readFrame(filePath, index, { pixelFormat: 'rgba', info: opts.info, ...sig });
  return encodeImage(alphaToGray(frame, opts.maxWidth), 'png', sig);
}
