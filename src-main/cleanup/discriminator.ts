// The CycleGAN's PatchGAN discriminator (Isola et al.): C(ndf) without normalisation, then discLayers - 1
// stride-2 and one stride-1 4x4 convolutions with instance normalisation and LeakyReLU 0.2, then a 4x4
// convolution to one channel: a map of real/fake scores, one per ~70x70 patch with discLayers = 3.
import { tf } from '../ml/runtime.ts';
import type { CleanupConfig } from './config.ts';
import { initWeights } from './generator.ts';
import { InstanceNorm } from './instance-norm.ts';

type Sym = tf.SymbolicTensor;

export function buildDiscriminator(
  config: Pick<CleanupConfig, 'size' | 'ndf' | 'discLayers'>,
  seed: number,
  name: string,
): tf.LayersModel {
  let k = 0;
  const conv = (x: Sym, filters: number, strides: number) =>
    tf.layers
      .conv2d({
        filters,
        kernelSize: 4,
        strides,
        padding: 'same',
        kernelInitializer: initWeights(seed * 1000 + k++),
      })
      .apply(x) as Sym;
  const lrelu = (x: Sym) => tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as Sym;
  const norm = (x: Sym) => new InstanceNorm().apply(x) as Sym;
  const input = tf.input({ shape: [config.size, config.size, 3], name: `${name}_in` });
  let x = lrelu(conv(input, config.ndf, 2));
  let mult = 1;
  for (let n = 1; n < config.discLayers; n++) {
    mult = Math.min(2 ** n, 8);
    x = lrelu(norm(conv(x, config.ndf * mult, 2)));
  }
  mult = Math.min(2 ** config.discLayers, 8);
  x = lrelu(norm(conv(x, config.ndf * mult, 1)));
  const out = conv(x, 1, 1);
  return tf.model({ inputs: input, outputs: out, name });
}
