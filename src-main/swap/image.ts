// The pixel buffers the swap engine works on: interleaved 8-bit RGB or RGBA (the shape of media's RawFrame),
// and a rectangular patch of a frame.

export interface Image {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

/** A rectangle of a frame: [x0, x0 + width) x [y0, y0 + height), in frame pixels. */
export interface Rect {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

export function checkImage(img: Image, what: string): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width <= 0 || img.height <= 0) {
    throw new Error(`${what}: bad size ${img.width}x${img.height}`);
  }
  if (img.channels !== 3 && img.channels !== 4)
    throw new Error(`${what}: ${String(img.channels)} channels (need 3 or 4)`);
  if (img.data.length !== img.width * img.height * img.channels) {
    throw new Error(`${what}: ${img.data.length} bytes for ${img.width}x${img.height}x${img.channels}`);
  }
}

/** The horizontally mirrored copy of an image (pixel x -> width-1-x). */
export function mirrorImage(img: Image): Image {
  const { width, height, channels, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    for (let x = 0; x < width; x++) {
      const s = row + x * channels;
      const d = row + (width - 1 - x) * channels;
      for (let c = 0; c < channels; c++) out[d + c] = data[s + c]!;
    }
  }
  return { width, height, channels, data: out };
}
