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

/**
 * The pixels of a patch a pass needs (e.g. where the matte is > 0): for each row y in [y0, y1), the
 * columns first[y] .. last[y] inclusive (none when last[y] < first[y]). Arrays are indexed by patch row.
 */
export interface RowSpans {
  y0: number;
  y1: number;
  first: Int32Array;
  last: Int32Array;
}

/** Every pixel of a width x height patch, as row spans. */
export function fullSpans(width: number, height: number): RowSpans {
  return { y0: 0, y1: height, first: new Int32Array(height), last: new Int32Array(height).fill(width - 1) };
}

/** The bounding rectangle of row spans, or null when they hold no pixel. */
export function spansBounds(spans: RowSpans): Rect | null {
  let y0 = -1;
  let y1 = -1;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let y = spans.y0; y < spans.y1; y++) {
    const a = spans.first[y]!;
    const b = spans.last[y]!;
    if (b < a) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (a < x0) x0 = a;
    if (b > x1) x1 = b;
  }
  if (y0 < 0) return null;
  return { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
