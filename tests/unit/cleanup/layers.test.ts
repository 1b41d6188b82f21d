import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { reflectionPad, ReflectionPad2D } from '../../../src-main/cleanup/reflection-pad.ts';
import { instanceNorm, InstanceNorm } from '../../../src-main/cleanup/instance-norm.ts';
import { installWasmTrainingKernels } from '../../../src-main/ml/wasm-training-kernels.ts';
import { finiteDifferences } from './finite-diff.ts';
import { maxRelativeError } from './backend-compare.ts';

const PAD = { top: 2, bottom: 1, left: 1, right: 3 };

describe('reflection pad', () => {
  beforeAll(async () => {
    await initTf();
    installWasmTrainingKernels();
  });

  it('pads as PyTorch ReflectionPad2d (edge pixel not repeated)', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    const y = reflectionPad(x, { top: 1, bottom: 1, left: 2, right: 2 });
    expect(y.shape).toEqual([1, 4, 7, 1]);
    // row 0 reflects row 1 (4 5 6); columns: 3 2 | 1 2 3 | 2 1
    expect(Array.from(y.dataSync()).slice(0, 7)).toEqual([6, 5, 4, 5, 6, 5, 4]);
    expect(Array.from(y.dataSync()).slice(7, 14)).toEqual([3, 2, 1, 2, 3, 2, 1]);
  });

  it('has the gradient of finite differences; TF.js 4.22 MirrorPad gradient does not', () => {
    const x = tf.randomUniform([1, 5, 6, 2], -1, 1, 'float32', 1);
    const w = tf.randomUniform([1, 5 + 3, 6 + 4, 2], -1, 1, 'float32', 2);
    const lossOf = (pad: (t: tf.Tensor4D) => tf.Tensor4D) => (t: tf.Tensor) =>
      tf.sum(tf.mul(pad(t as tf.Tensor4D), w)) as tf.Scalar;
    const ours = lossOf((t) => reflectionPad(t, PAD));
    const theirs = lossOf((t) =>
      tf.mirrorPad(
        t,
        [
          [0, 0],
          [PAD.top, PAD.bottom],
          [PAD.left, PAD.right],
          [0, 0],
        ],
        'reflect',
      ),
    );
    const fd = finiteDifferences(ours, x);
    const gOurs = tf.grad(ours)(x).dataSync();
    const gTheirs = tf.grad(theirs)(x).dataSync();
    expect(maxRelativeError(gOurs, fd)).toBeLessThan(1e-3);
    // Same forward values, so the finite differences are also MirrorPad's true gradient.
    expect(maxRelativeError(gTheirs, fd)).toBeGreaterThan(0.1);
  });

  it('is a serialisable layer', () => {
    const input = tf.input({ shape: [6, 6, 3] });
    const out = new ReflectionPad2D({ padding: 3 }).apply(input) as tf.SymbolicTensor;
    expect(out.shape).toEqual([null, 12, 12, 3]);
    const model = tf.model({ inputs: input, outputs: out });
    const json = model.toJSON(undefined, false) as unknown as {
      config: { layers: { class_name: string }[] };
    };
    expect(json.config.layers.map((l) => l.class_name)).toContain('ReflectionPad2D');
    model.dispose();
  });
});

describe('instance norm', () => {
  it('normalises each image and channel over height and width', () => {
    const x = tf.randomUniform([2, 5, 4, 3], -3, 7, 'float32', 4);
    const y = instanceNorm(x as tf.Tensor4D);
    const { mean, variance } = tf.moments(y, [1, 2]);
    for (const v of mean.dataSync()) expect(Math.abs(v)).toBeLessThan(1e-5);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 3);
  });

  it('has the gradient of finite differences (float32 steps)', () => {
    const x = tf.randomUniform([1, 4, 3, 2], -1, 1, 'float32', 5);
    const w = tf.randomUniform([1, 4, 3, 2], -1, 1, 'float32', 6);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(instanceNorm(t as tf.Tensor4D), w)) as tf.Scalar;
    const fd = finiteDifferences(f, x, 1e-2);
    expect(maxRelativeError(tf.grad(f)(x).dataSync(), fd)).toBeLessThan(2e-2);
  });

  it('is a serialisable layer with optional affine weights', () => {
    const input = tf.input({ shape: [4, 4, 3] });
    const layer = new InstanceNorm({ affine: true });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    expect(model.trainableWeights.map((w) => w.shape)).toEqual([[3], [3]]);
    model.dispose();
  });
});
