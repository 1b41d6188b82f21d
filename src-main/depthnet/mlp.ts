// The DepthNet network: an MLP from the normalised source and target keypoints (2 x 68 x 2 = 272 inputs)
// to per-keypoint depth (and, for variant 3, the 8 affine parameters). Weight init is seeded.
import { tf } from '../ml/runtime.ts';
import type { LayersModel } from '@tensorflow/tfjs';

export interface MlpConfig {
  inputs: number;
  hidden: number[];
  outputs: number;
  seed: number;
}

export function buildMlp(cfg: MlpConfig): LayersModel {
  const model = tf.sequential({ name: 'depthnet' });
  cfg.hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: cfg.seed + i }),
        biasInitializer: 'zeros',
        name: `hidden${i}`,
        ...(i === 0 ? { inputShape: [cfg.inputs] } : {}),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: cfg.outputs,
      kernelInitializer: tf.initializers.glorotUniform({ seed: cfg.seed + 100 }),
      biasInitializer: 'zeros',
      name: 'out',
    }),
  );
  return model;
}
