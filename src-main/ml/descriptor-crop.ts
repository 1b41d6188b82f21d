// Calculator: the square crop the face-recognition network sees, from a face's 68 keypoints. As face-api's
// own pipeline (FaceLandmarks.align -> alignMinBbox(0.2)): the keypoints' box grown by 20 % of its size,
// then made square around its centre (face-api pads to a square with black; here the square takes the
// real pixels around the face, black only past the frame's edge).
import type { Point2 } from '../../src-shared/analysis/pts.ts';

/** Side of the network's input (face-api's FaceRecognitionNet resizes every crop to 150x150). */
export const DESCRIPTOR_INPUT_SIZE = 150;

/** Growth of the keypoints' box, as a fraction of its width and height (face-api's minBoxPadding). */
export const DESCRIPTOR_BOX_PADDING = 0.2;

/** The crop as tf.image.cropAndResize wants it: [y1, x1, y2, x2] normalised to the frame (may pass 0..1). */
export function descriptorCropBox(
  keypoints: readonly Point2[],
  frame: { width: number; height: number },
): [number, number, number, number] {
  if (keypoints.length !== 68) throw new Error(`expected 68 keypoints, got ${keypoints.length}`);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of keypoints) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error('keypoints must be finite numbers');
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const side = Math.max(x1 - x0, y1 - y0) * (1 + DESCRIPTOR_BOX_PADDING);
  if (!(side > 0)) throw new Error('the keypoints span no area');
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const { width, height } = frame;
  return [
    (cy - side / 2) / (height - 1),
    (cx - side / 2) / (width - 1),
    (cy + side / 2) / (height - 1),
    (cx + side / 2) / (width - 1),
  ];
}

/** Euclidean distance of two descriptors (face-api: < 0.6 is usually the same person). */
export function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`descriptors differ in length (${a.length} vs ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    s += d * d;
  }
  return Math.sqrt(s);
}
