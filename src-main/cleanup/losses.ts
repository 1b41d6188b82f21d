// The CycleGAN's losses: least-squares GAN (Mao et al.) for the adversarial terms, L1 for the cycle and
// identity terms.
import { tf } from '../ml/runtime.ts';

/** mean((pred - target)^2): LSGAN with target 1 (real) or 0 (fake). */
export function lsgan(pred: tf.Tensor, target: 0 | 1): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
}

export function l1(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar);
}
