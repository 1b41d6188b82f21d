// Test helpers: run a computation on a named backend and read its results; compare arrays relatively.
import { tf } from '../../../src-main/ml/runtime.ts';

/** Runs fn on `backend` (switching back afterwards) and returns the flat values of its tensors. */
export async function onBackend(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  const before = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const out = fn();
    const vals = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(out);
    return vals;
  } finally {
    await tf.setBackend(before);
  }
}

/** max |a - b| / max(max |b|, tiny): the error relative to the reference's scale. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let err = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
  return err / scale;
}
