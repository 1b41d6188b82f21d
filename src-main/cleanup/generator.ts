// The CycleGAN's ResNet generator (Johnson et al., as in Zhu et al.): c7s1-ngf, d(2 ngf), d(4 ngf),
// `blocks` residual blocks R(4 ngf), u(2 ngf), u(ngf), c7s1-3, tanh. Reflection padding before the 7x7 and
// 3x3 convolutions of the blocks, instance normalisation, ReLU. The input has 4 channels: RGB in [-1, 1]
// and the face matte in [0, 1]; the output (tanh) is the raw residual that residual.ts confines.
import { tf } from '../ml/runtime.ts';
import type { CleanupConfig } from './config.ts';
import { InstanceNorm } from './instance-norm.ts';
import { ReflectionPad2D } from './reflection-pad.ts';

export const GENERATOR_INPUT_CHANNELS = 4;

/** Conv weights ~ N(0, 0.02), as the published code's init_type 'normal'; seeded per layer. */
export function initWeights(seed: number): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed });
}

type Sym = tf.SymbolicTensor;

export function buildGenerator(
  config: Pick<CleanupConfig, 'size' | 'ngf' | 'blocks'>,
  seed: number,
  name: string,
): tf.LayersModel {
  let k = 0;
  const init = () => initWeights(seed * 1000 + k++);
  const apply = (layer: { apply: (x: Sym) => unknown }, x: Sym) => layer.apply(x) as Sym;
  const conv = (x: Sym, filters: number, size: number, strides: number, padding: 'valid' | 'same') =>
    apply(tf.layers.conv2d({ filters, kernelSize: size, strides, padding, kernelInitializer: init() }), x);
  const normRelu = (x: Sym) => apply(tf.layers.reLU(), apply(new InstanceNorm(), x));
  const { ngf, size } = config;
  const input = tf.input({ shape: [size, size, GENERATOR_INPUT_CHANNELS], name: `${name}_in` });
  let x = normRelu(conv(apply(new ReflectionPad2D({ padding: 3 }), input), ngf, 7, 1, 'valid'));
  x = normRelu(conv(x, ngf * 2, 3, 2, 'same'));
  x = normRelu(conv(x, ngf * 4, 3, 2, 'same'));
  for (let b = 0; b < config.blocks; b++) {
    let y = normRelu(conv(apply(new ReflectionPad2D({ padding: 1 }), x), ngf * 4, 3, 1, 'valid'));
    y = apply(
      new InstanceNorm(),
      conv(apply(new ReflectionPad2D({ padding: 1 }), y), ngf * 4, 3, 1, 'valid'),
    );
    x = tf.layers.add().apply([x, y]) as Sym;
  }
  for (const filters of [ngf * 2, ngf]) {
    const up = tf.layers.conv2dTranspose({
      filters,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      kernelInitializer: init(),
    });
    x = normRelu(apply(up, x));
  }
  x = conv(apply(new ReflectionPad2D({ padding: 3 }), x), 3, 7, 1, 'valid');
  const out = apply(tf.layers.activation({ activation: 'tanh' }), x);
  return tf.model({ inputs: input, outputs: out, name });
}
