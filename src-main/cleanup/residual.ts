// What keeps the swap: the generator does not paint a face, it adds a bounded residual that the matte
// confines to the pasted face. Outside the matte the crop is returned unchanged (exactly); inside it the
// change is mostly low-frequency (light, colour) with a fraction of fine detail (grain), at most
// residualScale, blended in by the weight w(m): by default the matte itself (full inside, fading to 0
// across the seam, as a compositor blends a grade); interiorWeight < 1 adds a bump on the ramp (the first
// design's 0.5, which drew every change as a band along the seam: docs/cleanup.md).
// out = clip(x + w(m) * residualScale * (low(r) + highWeight * (r - low(r))), -1, 1).
import { tf } from '../ml/runtime.ts';
import type { CleanupConfig } from './config.ts';

export type ResidualConfig = Pick<
  CleanupConfig,
  'residualScale' | 'interiorWeight' | 'lowpassCell' | 'highWeight'
>;

/** The residual's weight from the matte m in [0, 1]: interiorWeight * m + (1 - interiorWeight) * 4 m (1 - m). */
export function matteWeight(matte: tf.Tensor4D, interiorWeight: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ramp = tf.mul(4, tf.mul(matte, tf.sub(1, matte)));
    return tf.add(tf.mul(interiorWeight, matte), tf.mul(1 - interiorWeight, ramp)) as tf.Tensor4D;
  });
}

/** The blurred part of r: mean over cells of `cell` pixels, bilinearly back to full size. */
export function lowpass(r: tf.Tensor4D, cell: number): tf.Tensor4D {
  if (cell <= 1) return r.clone();
  return tf.tidy(() => {
    const [, h, w] = r.shape;
    const coarse = tf.avgPool(r, cell, cell, 'same');
    return tf.image.resizeBilinear(coarse, [h, w], true);
  });
}

/** Applies the raw generator output `raw` (tanh, [-1, 1]) to the crop x with the matte m. */
export function applyResidual(
  x: tf.Tensor4D,
  matte: tf.Tensor4D,
  raw: tf.Tensor4D,
  config: ResidualConfig,
): tf.Tensor4D {
  return tf.tidy(() => {
    const low = lowpass(raw, config.lowpassCell);
    const shaped = tf.add(low, tf.mul(config.highWeight, tf.sub(raw, low)));
    const weight = matteWeight(matte, config.interiorWeight);
    const delta = tf.mul(tf.mul(weight, config.residualScale), shaped);
    return tf.clipByValue(tf.add(x, delta), -1, 1) as tf.Tensor4D;
  });
}

/** The generator on crops x [n, s, s, 3] in [-1, 1] with mattes [n, s, s, 1]: the cleaned crops. */
export function runGenerator(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  matte: tf.Tensor4D,
  config: ResidualConfig,
  training = false,
): tf.Tensor4D {
  return tf.tidy(() => {
    const input = tf.concat([x, matte], 3);
    const raw = (training ? model.apply(input, { training: true }) : model.apply(input)) as tf.Tensor4D;
    return applyResidual(x, matte, raw, config);
  });
}
