// The CycleGAN's losses: least-squares GAN (Mao et al.) for the adversarial terms, L1 for the cycle and
// identity terms (and SimGAN's self-regularisation), and the per-patch weights that point the
// discriminators at the face: the matte, dilated, averaged over each PatchGAN cell.
import { tf } from '../ml/runtime.ts';
import { lowpass } from './residual.ts';

/** mean((pred - target)^2): LSGAN with target 1 (real) or 0 (fake). */
export function lsgan(pred: tf.Tensor, target: 0 | 1): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
}

export function l1(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar);
}

/** sum(w (pred - target)^2) / sum(w): LSGAN over the patches, each weighted by w (same shape as pred). */
export function lsganWeighted(pred: tf.Tensor, target: 0 | 1, weight: tf.Tensor | null): tf.Scalar {
  if (!weight) return lsgan(pred, target);
  return tf.tidy(() => {
    const sq = tf.mul(weight, tf.square(tf.sub(pred, target)));
    return tf.div(tf.sum(sq), tf.add(tf.sum(weight), 1e-6)) as tf.Scalar;
  });
}

/**
 * Weights for a PatchGAN's score map [n, ph, pw, 1] from the matte [n, s, s, 1]: the matte dilated by
 * `dilate` pixels (the seam's outside too), averaged over each score's cell of s / ph pixels. A
 * constant (no gradient flows into it).
 */
export function patchWeights(matte: tf.Tensor4D, patches: readonly number[], dilate: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, s, sw] = matte.shape;
    const ph = patches[1]!;
    const pw = patches[2]!;
    const grown = dilate > 0 ? tf.maxPool(matte, 2 * dilate + 1, 1, 'same') : matte;
    const cell = s / ph;
    if (Number.isInteger(cell) && cell === sw / pw) return tf.avgPool(grown, cell, cell, 'valid');
    return tf.image.resizeBilinear(grown, [ph, pw], true);
  });
}

/**
 * The paired colour term: the mean |low-pass(out) - low-pass(real)| (low-pass over cells of `cell`
 * pixels), weighted over the face (weight m) or only its seam (the ramp, 4 m (1 - m)), where `real` is
 * the same crop of the real frame (the crop sets are paired: same frame, same box). The low-pass keeps
 * it to light and colour: at 32 px cells of a 128 px crop no feature of the target's face survives.
 */
export function pairedColourLoss(
  out: tf.Tensor4D,
  real: tf.Tensor4D,
  matte: tf.Tensor4D,
  cell: number,
  region: 'face' | 'ramp',
): tf.Scalar {
  return tf.tidy(() => {
    const weight = region === 'ramp' ? tf.mul(4, tf.mul(matte, tf.sub(1, matte))) : matte;
    const diff = tf.abs(tf.sub(lowpass(out, cell), lowpass(real, cell)));
    const num = tf.sum(tf.mul(weight, diff));
    return tf.div(num, tf.add(tf.mul(3, tf.sum(weight)), 1e-6)) as tf.Scalar;
  });
}
