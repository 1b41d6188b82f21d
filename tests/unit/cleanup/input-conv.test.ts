// The networks' input convolutions run as plain conv2d + bias in training (no input gradient where the
// input is a constant): the same outputs and weight gradients as tfjs-layers' fused convolution.
import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initTf } from '../../../src-main/ml/runtime.ts';
import { installWasmTrainingKernels } from '../../../src-main/ml/wasm-training-kernels.ts';
import { CleanupConfigSchema } from '../../../src-main/cleanup/config.ts';
import { buildGenerator } from '../../../src-main/cleanup/generator.ts';
import { buildDiscriminator } from '../../../src-main/cleanup/discriminator.ts';
import { plainInputConvs } from '../../../src-main/cleanup/input-conv.ts';
import { maxRelativeError } from './backend-compare.ts';

const config = CleanupConfigSchema.parse({ size: 16, ngf: 2, ndf: 2, blocks: 1, discLayers: 2 });

describe('plain input convolutions', () => {
  beforeAll(async () => {
    await initTf();
    installWasmTrainingKernels();
  });

  it.each([
    ['generator', () => buildGenerator(config, 1, 'g'), 4],
    ['discriminator', () => buildDiscriminator(config, 1, 'd'), 3],
  ] as const)('%s: patches only the input convolution; same output and weight gradients', (_, build, ch) => {
    const fused = build();
    const plain = build();
    expect(plainInputConvs(plain)).toBe(1);
    expect(plainInputConvs(plain)).toBe(0); // idempotent
    const x = tf.randomUniform([1, 16, 16, ch], -1, 1, 'float32', 5);
    const grads = (m: tf.LayersModel) =>
      tf.tidy(() => {
        const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads: g } = tf.variableGrads(
          () => tf.sum(tf.square(m.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
          vars,
        );
        return [value.dataSync()[0]!, vars.map((v) => Array.from(g[v.name]!.dataSync()))] as const;
      });
    const [vf, gf] = grads(fused);
    const [vp, gp] = grads(plain);
    expect(Math.abs(vp - vf) / Math.abs(vf)).toBeLessThan(1e-5);
    gf.forEach((g, i) => expect(maxRelativeError(gp[i]!, g)).toBeLessThan(1e-4));
    x.dispose();
    fused.dispose();
    plain.dispose();
  });
});
