// Calculator: one pass of the 68-point network over square crops of a frame, optionally averaged with the
// horizontally mirrored crop (test-time augmentation: the mirrored prediction, mapped back through the iBUG
// mirror permutation, has independent errors, and the mean of the two is measurably closer to the truth).
import { tf } from './runtime.ts';
import type { LandmarkNet } from './face-api-models.ts';
import { cropToSource, type SquareCrop } from './crop-box.ts';
import { IBUG_MIRROR, IBUG_POINTS } from '../../src-shared/analysis/ibug.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import { interocularDistance, meanPointDistance } from '../../src-shared/analysis/geometry.ts';

export const LANDMARK_INPUT = 112;

/** Normalised [y1, x1, y2, x2] for tf.image.cropAndResize so that output pixel centres sample the square. */
export function cropAndResizeBox(
  crop: SquareCrop,
  width: number,
  height: number,
  out = LANDMARK_INPUT,
): number[] {
  const step = crop.size / out;
  const x0 = crop.x + step / 2 - 0.5;
  const y0 = crop.y + step / 2 - 0.5;
  const x1 = x0 + step * (out - 1);
  const y1 = y0 + step * (out - 1);
  return [
    y0 / Math.max(1, height - 1),
    x0 / Math.max(1, width - 1),
    y1 / Math.max(1, height - 1),
    x1 / Math.max(1, width - 1),
  ];
}

export interface LandmarkResult {
  keypoints: Point2[];
  /**
   * Mean distance between the direct and the mirrored prediction, over the outer-eye-corner distance: small on
   * a clear face, large when the crop holds no face or a badly framed one (0 when mirroring is off).
   */
  spread: number;
  /** Per point: distance (source pixels) between the direct and the mirrored prediction (absent without mirroring). */
  pointSpread?: number[];
}

/**
 * tf.image.transform coefficients mapping output pixel (u, v) of an `out`-pixel crop to input pixel
 * coordinates (pixel centres on integers), for a rotated square whose centre is (cx, cy) in continuous
 * coordinates relative to the input's origin.
 */
export function rotatedCropTransform(
  cx: number,
  cy: number,
  size: number,
  angle: number,
  out = LANDMARK_INPUT,
): number[] {
  const k = size / out;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const o = 0.5 * k - size / 2;
  const ix = cx - 0.5;
  const iy = cy - 0.5;
  return [c * k, -s * k, ix + c * o - s * o, s * k, c * k, iy + s * o + c * o, 0, 0];
}

/** One rotated crop [1, out, out, 3] from the part of `image` it covers (the rest is black). */
function rotatedCrop(image: tf.Tensor4D, crop: SquareCrop, width: number, height: number): tf.Tensor4D {
  const half = crop.size / 2;
  const cx = crop.x + half;
  const cy = crop.y + half;
  const reach = half * Math.SQRT2 + 2;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const x1 = Math.min(width, Math.ceil(cx + reach));
  const y1 = Math.min(height, Math.ceil(cy + reach));
  if (x1 <= x0 || y1 <= y0) return tf.zeros([1, LANDMARK_INPUT, LANDMARK_INPUT, 3]);
  const part = tf.slice(image, [0, y0, x0, 0], [1, y1 - y0, x1 - x0, 3]).toFloat();
  const m = tf.tensor2d([rotatedCropTransform(cx - x0, cy - y0, crop.size, crop.angle ?? 0)]);
  return tf.image.transform(part, m, 'bilinear', 'constant', 0, [LANDMARK_INPUT, LANDMARK_INPUT]);
}

/** Averages a prediction with a mirrored one (already mapped to source pixels, still in mirrored order). */
export function mergeMirrored(direct: readonly Point2[], mirrored: readonly Point2[]): LandmarkResult {
  const unmirrored = direct.map((_, i) => mirrored[IBUG_MIRROR[i] ?? i] as Point2);
  const keypoints = direct.map((p, i): Point2 => {
    const q = unmirrored[i] as Point2;
    return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  });
  const eyes = Math.max(1e-6, interocularDistance(keypoints));
  const pointSpread = direct.map((p, i) => {
    const q = unmirrored[i] as Point2;
    return Math.hypot(p[0] - q[0], p[1] - q[1]);
  });
  return { keypoints, spread: meanPointDistance(direct, unmirrored) / eyes, pointSpread };
}

/** Confidence 0..1 from the mirror spread: 1 at perfect agreement, 0 at `zeroAt` face widths apart. */
export function confidenceFromSpread(spread: number, zeroAt = 0.25): number {
  return Math.max(0, Math.min(1, 1 - spread / zeroAt));
}

/**
 * Runs the landmark network on each crop of `image` ([1, H, W, 3], 0-255) and returns 68 source-pixel
 * keypoints per crop. Tensors are disposed before returning.
 */
export async function landmarkPass(
  net: LandmarkNet,
  image: tf.Tensor4D,
  crops: readonly SquareCrop[],
  opts: { mirror?: boolean } = {},
): Promise<LandmarkResult[]> {
  if (crops.length === 0) return [];
  const [, height = 0, width = 0] = image.shape;
  const mirror = opts.mirror ?? true;
  const rotated = crops.some((c) => Math.abs(c.angle ?? 0) > 1e-3);
  const inputs = tf.tidy(() => {
    let batch: tf.Tensor4D;
    if (rotated) batch = tf.concat(crops.map((c) => rotatedCrop(image, c, width, height)));
    else {
      const boxes = tf.tensor2d(crops.map((c) => cropAndResizeBox(c, width, height)));
      const ind = tf.tensor1d(
        crops.map(() => 0),
        'int32',
      );
      batch = tf.image.cropAndResize(image, boxes, ind, [LANDMARK_INPUT, LANDMARK_INPUT], 'bilinear', 0);
    }
    const all = mirror ? tf.concat([batch, tf.image.flipLeftRight(batch)], 0) : batch;
    return tf.unstack(all) as tf.Tensor3D[];
  });
  let values: Float32Array;
  try {
    const out = await net.forward(inputs);
    try {
      values = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  } finally {
    for (const t of inputs) t.dispose();
  }
  const n = IBUG_POINTS * 2;
  return crops.map((crop, i) => {
    const direct = cropToSource(values.subarray(i * n, (i + 1) * n), crop);
    if (!mirror) return { keypoints: direct, spread: 0 };
    const j = crops.length + i;
    return mergeMirrored(direct, cropToSource(values.subarray(j * n, (j + 1) * n), crop, true));
  });
}
