// Faster Concat for the wasm backend. tfjs-backend-wasm 4.22 implements Concat in JavaScript with one
// `subarray().set()` per outer index: concatenating along the channel axis of an image (face-api does this
// to subtract the RGB mean: [1, 512, 512, 1] x 3) costs 262,144 tiny copies, about a third of face-api's
// time on this backend. This replacement copies small inner blocks element by element and falls back to
// the original kernel for anything else (strings, single inputs). The kernel registry is process-global (as
// is TF.js's engine); installing is idempotent and changes results in no way (tests/unit/analysis).
import { tf } from './runtime.ts';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const MARK = Symbol.for('depthswap.fastWasmConcat');

function isWasmBackend(b: unknown): b is WasmBackendLike {
  return typeof (b as { typedArrayFromHeap?: unknown }).typedArrayFromHeap === 'function';
}

/** Replaces the wasm Concat kernel once per process; returns false when the wasm kernel is absent. */
export function installFastWasmConcat(): boolean {
  const original = tf.getKernel('Concat', 'wasm');
  if (!original) return false;
  if ((original as unknown as Record<symbol, boolean>)[MARK]) return true;
  const fallback = original.kernelFunc;
  const kernelFunc: tf.KernelFunc = (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const backend = args.backend;
    const first = inputs[0];
    if (!first || !isWasmBackend(backend) || first.dtype === 'string') return fallback(args);
    const axis = tf.util.parseAxisParam((args.attrs as { axis: number }).axis, first.shape)[0] ?? 0;
    const live = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    if (live.length < 2) return fallback(args);
    const outShape = tf.backend_util.computeOutShape(
      inputs.map((t) => t.shape),
      axis,
    );
    const out = backend.makeOutput(outShape, first.dtype);
    const batch = tf.util.sizeFromShape((live[0] as tf.TensorInfo).shape.slice(0, axis));
    const inner = live.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const sumInner = inner.reduce((a, b) => a + b, 0);
    const ins = live.map((t) => backend.typedArrayFromHeap(t));
    const dst = backend.typedArrayFromHeap(out);
    for (let i = 0; i < ins.length; i++) {
      const src = ins[i] as Float32Array | Int32Array | Uint8Array;
      const n = inner[i] as number;
      let offset = 0;
      for (let k = 0; k < i; k++) offset += inner[k] as number;
      if (n >= 32) {
        for (let b = 0; b < batch; b++) dst.set(src.subarray(b * n, b * n + n), b * sumInner + offset);
      } else {
        for (let b = 0, o = offset, s = 0; b < batch; b++, o += sumInner) {
          for (let j = 0; j < n; j++) dst[o + j] = src[s++] as number;
        }
      }
    }
    return out;
  };
  tf.unregisterKernel('Concat', 'wasm');
  const config = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[MARK] = true;
  tf.registerKernel(config);
  return true;
}
