// Shared analytic fixtures for the swap unit tests: a textured synthetic picture with the canonical face's
// keypoints placed on it (a known 3D shape, so every warp has an exact reference).
import { CANONICAL_FACE_3D } from '../../../src-shared/geometry/canonical-face.ts';
import type { Image } from '../../../src-main/swap/image.ts';

/** A smooth but detailed RGB texture (sums of sinusoids), so bilinear sampling errors would show. */
export function texture(width: number, height: number): Image {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = 128 + 100 * Math.sin(x / 7.3) * Math.cos(y / 11.1);
      data[o + 1] = 128 + 90 * Math.sin((x + y) / 9.7);
      data[o + 2] = 128 + 80 * Math.cos((x - 2 * y) / 13.9);
    }
  }
  return { width, height, channels: 3, data };
}

/** The canonical face scaled to `size` px of jaw width, centred at (cx, cy): keypoints and depths (pixels). */
export function canonicalFace(
  size: number,
  cx: number,
  cy: number,
): { xy: Float64Array; depth: Float64Array } {
  const xy = new Float64Array(136);
  const depth = new Float64Array(68);
  CANONICAL_FACE_3D.forEach(([x, y, z], i) => {
    xy[2 * i] = cx + size * x;
    xy[2 * i + 1] = cy + size * y;
    depth[i] = size * z;
  });
  return { xy, depth };
}

/** Bilinear sample of an RGB image at (u, v) as floats (the exact reference, before rounding). */
export function sampleRef(img: Image, u: number, v: number): [number, number, number] {
  const uc = Math.min(Math.max(u, 0), img.width - 1);
  const vc = Math.min(Math.max(v, 0), img.height - 1);
  const x0 = Math.floor(uc);
  const y0 = Math.floor(vc);
  const x1 = Math.min(x0 + 1, img.width - 1);
  const y1 = Math.min(y0 + 1, img.height - 1);
  const fx = uc - x0;
  const fy = vc - y0;
  const px = (x: number, y: number, c: number) => img.data[(y * img.width + x) * img.channels + c]!;
  return [0, 1, 2].map(
    (c) =>
      px(x0, y0, c) * (1 - fx) * (1 - fy) +
      px(x1, y0, c) * fx * (1 - fy) +
      px(x0, y1, c) * (1 - fx) * fy +
      px(x1, y1, c) * fx * fy,
  ) as [number, number, number];
}
