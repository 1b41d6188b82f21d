// Test helper: central finite differences of a scalar function of one tensor, in float64 on the host.
import { tf } from '../../../src-main/ml/runtime.ts';

/** d f / d x by central differences at every element of x (f must be smooth near x). */
export function finiteDifferences(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, h = 1e-2): Float64Array {
  const base = x.dataSync();
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const at = (d: number) =>
      tf.tidy(() => {
        const v = Float32Array.from(base);
        v[i] = v[i]! + d;
        return f(tf.tensor(v, x.shape)).dataSync()[0]!;
      });
    out[i] = (at(h) - at(-h)) / (2 * h);
  }
  return out;
}
