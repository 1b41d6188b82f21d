// The adaptation loss (TF.js; call inside a tape): the paper's closed-form keypoint loss on every (i, j) pair
// of frames of one person, plus the multi-frame consistency term of src-shared/depthnet/consistency.ts: the
// depth predicted for frame i, mapped into frame j by the closed-form 3D affine (the least-squares map of
// [x_i, y_i, z_i, 1] onto [x_j, y_j, z_j]), agrees with the depth predicted for frame j (both unit RMS).
// The third row is solved by the same differentiable closed-form op as the keypoints (affine-op.ts), with
// z_j as both right-hand sides, so gradients reach both frames' depths through the solve.
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../ml/runtime.ts';
import { applyAffineTf, closedFormAffine } from './affine-op.ts';
import { unitRmsTf, variantLoss, type LossOptions } from './losses.ts';
import type { VariantSpec } from './variants.ts';

/**
 * Mean over pairs of the consistency residual between z_i [B, N] (depth of the source points src [B, N, 2])
 * and z_j [B, N] (depth of the same keypoints in the other frame). Both are unit RMS.
 */
export function consistencyTf(src: Tensor, zi: Tensor, zj: Tensor, ridge: number): Scalar {
  return tf.tidy(() => {
    const rhs = tf.stack([zj, zj], 2); // [B, N, 2]
    const m = closedFormAffine(src, zi, rhs, ridge);
    const mapped = applyAffineTf(m, src, zi); // both channels = third row applied
    return tf.div(tf.mean(tf.sum(tf.square(tf.sub(mapped, rhs)), 2)), 2) as Scalar;
  });
}

/**
 * Anchor term on replayed pairs of other people: the unit depth of the network's output (the template
 * added for template-prior variants) against the base model's (`anchor` [B, N]), mean squared (0..4).
 */
export function anchorTf(spec: VariantSpec, out: Tensor, templ: Tensor | null, anchor: Tensor): Scalar {
  return tf.tidy(() => {
    const raw = spec.templatePrior && templ ? tf.add(templ, out) : out;
    return teacherTf(unitRmsTf(raw), anchor);
  });
}

export interface AdaptLossParts {
  total: Scalar;
  keypoint: Scalar;
  consistency: Scalar;
  /** Mean squared difference between the unit depth and the rigid teacher's (0 without a teacher). */
  teacher: Scalar;
}

/** Teacher term: mean over rows and keypoints of (unit depth - teacher's unit depth)^2 (0..4). */
export function teacherTf(z: Tensor, teacher: Tensor): Scalar {
  return tf.mean(tf.square(tf.sub(z, teacher)));
}

/**
 * out: network output for a batch whose second half holds the first half's pairs reversed (row k + B/2 is
 * (j, i) when row k is (i, j)); src, tgt [B, N, 2]; templ [B, N]. Returns the paper's loss on all rows plus
 * `weight` x the symmetric consistency of each pair, plus `teacherWeight` x the teacher term when the
 * rigid teacher's unit depth of each row's source frame is given (`teacher` [B, N], adapt-teacher.ts).
 */
export function adaptLoss(
  spec: VariantSpec,
  out: Tensor,
  src: Tensor,
  tgt: Tensor,
  templ: Tensor | null,
  opts: LossOptions & { consistencyWeight: number; teacherWeight?: number },
  teacher: Tensor | null = null,
): AdaptLossParts {
  if (spec.variant === '3') throw new Error('adaptation needs a depth-only variant (7 or 7t)');
  const b = src.shape[0]!;
  if (b % 2 !== 0) throw new Error('adaptLoss: the batch must hold each pair in both directions');
  const keypoint = variantLoss(spec, out, src, tgt, templ, opts);
  const raw = spec.templatePrior && templ ? tf.add(templ, out) : out;
  const z = unitRmsTf(raw);
  const h = b / 2;
  const zA = tf.slice(z, [0, 0], [h, -1]);
  const zB = tf.slice(z, [h, 0], [h, -1]);
  const srcA = tf.slice(src, [0, 0, 0], [h, -1, -1]);
  const srcB = tf.slice(src, [h, 0, 0], [h, -1, -1]);
  const consistency = tf.div(
    tf.add(consistencyTf(srcA, zA, zB, opts.ridge), consistencyTf(srcB, zB, zA, opts.ridge)),
    2,
  ) as Scalar;
  const taught = teacher ? teacherTf(z, teacher) : tf.scalar(0);
  const total = tf.addN([
    keypoint,
    tf.mul(opts.consistencyWeight, consistency),
    tf.mul(opts.teacherWeight ?? 0, taught),
  ]) as Scalar;
  return { total, keypoint, consistency, teacher: taught };
}
