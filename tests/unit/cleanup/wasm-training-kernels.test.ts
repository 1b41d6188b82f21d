import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { installWasmTrainingKernels } from '../../../src-main/ml/wasm-training-kernels.ts';
import { maxRelativeError, onBackend } from './backend-compare.ts';

type Pad = 'same' | 'valid';
const cases: { x: number[]; k: number[]; stride: number; pad: Pad }[] = [
  { x: [2, 9, 11, 3], k: [3, 3, 3, 5], stride: 1, pad: 'same' },
  { x: [1, 9, 11, 4], k: [3, 3, 4, 6], stride: 2, pad: 'same' },
  { x: [2, 10, 10, 3], k: [7, 7, 3, 4], stride: 1, pad: 'valid' },
  { x: [1, 8, 8, 4], k: [4, 4, 4, 2], stride: 2, pad: 'same' },
  { x: [1, 13, 13, 2], k: [4, 4, 2, 3], stride: 2, pad: 'valid' },
  // Strided input gradients go by output phases (wasm-polyphase.ts): odd sizes, stride 3, 5x5.
  { x: [2, 10, 9, 3], k: [5, 5, 3, 2], stride: 2, pad: 'valid' },
  { x: [1, 12, 10, 3], k: [3, 3, 3, 4], stride: 3, pad: 'same' },
  { x: [1, 7, 6, 5], k: [3, 2, 5, 3], stride: 2, pad: 'same' },
];

describe('wasm training kernels', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('registers Conv2DBackpropFilter on wasm (idempotent)', async () => {
    await tf.setBackend('wasm');
    expect(installWasmTrainingKernels()).toBe(true);
    expect(installWasmTrainingKernels()).toBe(true);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it.each(cases)(
    'conv2d filter and input gradients match cpu to 1e-4 ($x, $k, s$stride, $pad)',
    async (c) => {
      installWasmTrainingKernels();
      const x = tf.randomUniform(c.x, -1, 1, 'float32', 7);
      const k = tf.randomUniform(c.k, -1, 1, 'float32', 8);
      const xs = await x.array();
      const ks = await k.array();
      x.dispose();
      k.dispose();
      const grads = (xa: number[][][][], ka: number[][][][]) => {
        const xt = tf.tensor4d(xa);
        const kt = tf.tensor4d(ka);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
            .square()
            .sum(),
        )([xt, kt]);
        return g;
      };
      const wasm = await onBackend('wasm', () => grads(xs as number[][][][], ks as number[][][][]));
      const cpu = await onBackend('cpu', () => grads(xs as number[][][][], ks as number[][][][]));
      for (let i = 0; i < 2; i++) expect(maxRelativeError(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
    },
  );

  it.each(cases.filter((c) => c.pad === 'same'))(
    'conv2dTranspose gradients match cpu to 1e-4 ($x, s$stride)',
    async (c) => {
      installWasmTrainingKernels();
      const [n, h, w, cin] = c.x as [number, number, number, number];
      const [kh, kw, , cout] = c.k as [number, number, number, number];
      // conv2dTranspose filter: [kh, kw, outChannels, inChannels].
      const xs = (await tf.randomUniform([n, h, w, cin], -1, 1, 'float32', 3).array()) as number[][][][];
      const ks = (await tf.randomUniform([kh, kw, cout, cin], -1, 1, 'float32', 4).array()) as number[][][][];
      const run = () => {
        const xt = tf.tensor4d(xs);
        const kt = tf.tensor4d(ks);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2dTranspose(
              a as tf.Tensor4D,
              b as tf.Tensor4D,
              [n, h * c.stride, w * c.stride, cout],
              c.stride,
              'same',
            )
            .square()
            .sum(),
        )([xt, kt]);
      };
      const wasm = await onBackend('wasm', run);
      const cpu = await onBackend('cpu', run);
      for (let i = 0; i < 2; i++) expect(maxRelativeError(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
    },
  );
});
