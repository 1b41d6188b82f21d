// The closed-form affine as a differentiable TF.js op. Forward: per pair, the 4x4 normal equations are
// solved in float64 JS (Cholesky; src-shared/depthnet/closed-form.ts). Backward: the analytic gradient of
// the least-squares solution (same file), so training backpropagates through the solve.
import { tf } from '../ml/runtime.ts';
import type { Tensor } from '@tensorflow/tfjs';
import {
  solveAffineBackward,
  solveAffineRaw,
  type AffineSolve,
} from '../../src-shared/depthnet/closed-form.ts';

/**
 * src [B, N, 2], z [B, N], tgt [B, N, 2] (normalised coordinates) -> m [B, 8], the least-squares affine
 * of each pair ([x, y, z, 1] -> target). `ridge` is added to the z coefficient's normal-equation diagonal.
 */
export function closedFormAffine(src: Tensor, z: Tensor, tgt: Tensor, ridge = 1e-4): Tensor {
  const [b, n] = z.shape;
  if (z.rank !== 2 || src.rank !== 3 || tgt.rank !== 3 || src.shape[0] !== b || src.shape[1] !== n) {
    throw new Error(`closedFormAffine: shapes src ${src.shape}, z ${z.shape}, tgt ${tgt.shape} do not match`);
  }
  const op = tf.customGrad((...inputs: unknown[]) => {
    const [s, d, t] = inputs as [Tensor, Tensor, Tensor];
    const sv = s.dataSync();
    const dv = d.dataSync();
    const tv = t.dataSync();
    const pairs = b!;
    const k = n!;
    const solves: AffineSolve[] = [];
    const out = new Float32Array(pairs * 8);
    for (let p = 0; p < pairs; p++) {
      const solved = solveAffineRaw(
        sv.subarray(p * 2 * k, (p + 1) * 2 * k),
        dv.subarray(p * k, (p + 1) * k),
        tv.subarray(p * 2 * k, (p + 1) * 2 * k),
        ridge,
      );
      solves.push(solved);
      out.set(solved.m, p * 8);
    }
    const value = tf.tensor2d(out, [pairs, 8]);
    const gradFunc = (dy: Tensor) => {
      const g = dy.dataSync();
      const gs = new Float32Array(pairs * 2 * k);
      const gz = new Float32Array(pairs * k);
      const gt = new Float32Array(pairs * 2 * k);
      for (let p = 0; p < pairs; p++) {
        const grads = solveAffineBackward(
          sv.subarray(p * 2 * k, (p + 1) * 2 * k),
          dv.subarray(p * k, (p + 1) * k),
          tv.subarray(p * 2 * k, (p + 1) * 2 * k),
          solves[p]!,
          g.subarray(p * 8, (p + 1) * 8),
        );
        gs.set(grads.src, p * 2 * k);
        gz.set(grads.z, p * k);
        gt.set(grads.tgt, p * 2 * k);
      }
      return [tf.tensor3d(gs, [pairs, k, 2]), tf.tensor2d(gz, [pairs, k]), tf.tensor3d(gt, [pairs, k, 2])];
    };
    return { value, gradFunc };
  });
  return op(src, z, tgt);
}

/** Applies m [B, 8] to src [B, N, 2] with depth z [B, N]: predicted target [B, N, 2]. */
export function applyAffineTf(m: Tensor, src: Tensor, z: Tensor): Tensor {
  return tf.tidy(() => {
    const [b, n] = z.shape;
    const ones = tf.ones([b!, n!, 1]);
    const p = tf.concat([src, z.expandDims(2), ones], 2); // [B, N, 4]
    // rows [m0 m1 m2 m6] and [m3 m4 m5 m7] (slices, not gather: wasm lacks gather's gradient kernel)
    const row0 = tf.concat([tf.slice(m, [0, 0], [-1, 3]), tf.slice(m, [0, 6], [-1, 1])], 1);
    const row1 = tf.concat([tf.slice(m, [0, 3], [-1, 3]), tf.slice(m, [0, 7], [-1, 1])], 1);
    const mat = tf.stack([row0, row1], 1); // [B, 2, 4]
    return tf.matMul(p, mat, false, true); // [B, N, 2]
  });
}
