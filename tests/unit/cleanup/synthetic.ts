// Test data: a small synthetic two-domain set. Every crop is a textured background with an elliptic
// "face" (skin tone with fine texture) and its soft matte; domain A's faces carry a colour cast (the
// pasted look), domain B's do not. Deterministic from a seed.
import { tf } from '../../../src-main/ml/runtime.ts';
import { mulberry32 } from '../../../src-shared/depthnet/rng.ts';

// A cast the residual's bound (residualScale 0.12) can take out: ~13, 3 and 10 levels of 255.
export const CAST: [number, number, number] = [0.1, 0.025, -0.08];

export interface SyntheticCrop {
  rgb: tf.Tensor4D;
  matte: tf.Tensor4D;
}

export function syntheticCrop(size: number, seed: number, cast: boolean): SyntheticCrop {
  const rand = mulberry32(seed);
  const rgb = new Float32Array(size * size * 3);
  const matte = new Float32Array(size * size);
  const cx = size * (0.45 + 0.1 * rand());
  const cy = size * (0.45 + 0.1 * rand());
  const rx = size * (0.25 + 0.05 * rand());
  const ry = size * (0.32 + 0.05 * rand());
  const skin = [0.5 + 0.1 * rand(), 0.1 + 0.1 * rand(), -0.1 + 0.1 * rand()];
  const bg = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
      const m = Math.min(1, Math.max(0, (1.15 - d) / 0.3));
      matte[y * size + x] = m;
      for (let c = 0; c < 3; c++) {
        const face = (skin[c] ?? 0) + 0.05 * (rand() - 0.5) + (cast ? CAST[c]! : 0);
        const back = (bg[c] ?? 0) + 0.2 * (rand() - 0.5);
        rgb[(y * size + x) * 3 + c] = Math.max(-1, Math.min(1, m * face + (1 - m) * back));
      }
    }
  }
  return { rgb: tf.tensor4d(rgb, [1, size, size, 3]), matte: tf.tensor4d(matte, [1, size, size, 1]) };
}

/** Mean colour inside the matte (weighted), per channel. */
export function faceMean(rgb: tf.Tensor4D, matte: tf.Tensor4D): number[] {
  return tf.tidy(() => {
    const w = tf.sum(matte);
    return Array.from(tf.div(tf.sum(tf.mul(rgb, matte), [0, 1, 2]), w).dataSync());
  });
}
