// Training losses of the DepthNet variants, on batches of normalised pairs (TF.js; call inside a tape).
import { tf } from '../ml/runtime.ts';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { applyAffineTf, closedFormAffine } from './affine-op.ts';
import type { VariantSpec } from './variants.ts';

export interface LossOptions {
  ridge: number;
  residualWeight: number;
}

/** Per-pair depth centred and scaled to unit RMS: [B, N]. */
export function unitRmsTf(z: Tensor): Tensor {
  const zc = tf.sub(z, tf.mean(z, 1, true));
  return tf.div(zc, tf.sqrt(tf.add(tf.mean(tf.square(zc), 1, true), 1e-6)));
}

/** Mean over pairs and keypoints of the squared 2D distance. */
export function keypointMseTf(pred: Tensor, tgt: Tensor): Scalar {
  return tf.mean(tf.sum(tf.square(tf.sub(pred, tgt)), 2));
}

/**
 * out: network output [B, outputs]; src, tgt [B, N, 2]; templ: unit template depth [B, N] (template-prior
 * variants). Returns the scalar loss.
 */
export function variantLoss(
  spec: VariantSpec,
  out: Tensor,
  src: Tensor,
  tgt: Tensor,
  templ: Tensor | null,
  opts: LossOptions,
): Scalar {
  const n = src.shape[1]!;
  if (spec.variant === '3') {
    const z = tf.slice(out, [0, 0], [-1, n]);
    const m = tf.slice(out, [0, n], [-1, 8]);
    return keypointMseTf(applyAffineTf(m, src, z), tgt);
  }
  let raw = out;
  if (spec.templatePrior) {
    if (!templ) throw new Error('template-prior variant needs the template depth');
    raw = tf.add(templ, out);
  }
  const z = unitRmsTf(raw);
  const m = closedFormAffine(src, z, tgt, opts.ridge);
  let loss = keypointMseTf(applyAffineTf(m, src, z), tgt);
  if (spec.templatePrior && opts.residualWeight > 0) {
    loss = tf.add(loss, tf.mul(opts.residualWeight, tf.mean(tf.square(out))));
  }
  return loss;
}
