// Instance normalisation of an NHWC batch (Ulyanov et al.; the CycleGAN's normalisation): every image's
// every channel is normalised by its own mean and variance over height and width. Without the affine
// scale and shift by default, as PyTorch's InstanceNorm2d (affine=False) in the published CycleGAN.
// Also a tfjs-layers layer (tfjs-layers has none), serialisable. The gradient is TF.js's own, through
// moments, sub, mul and rsqrt (checked against finite differences in tests/unit/cleanup).
import { tf } from '../ml/runtime.ts';

export const INSTANCE_NORM_EPSILON = 1e-5;

/** (x - mean) / sqrt(var + eps) per image and channel, over the spatial axes. */
export function instanceNorm(x: tf.Tensor4D, epsilon = INSTANCE_NORM_EPSILON): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))) as tf.Tensor4D;
  });
}

export interface InstanceNormArgs {
  affine?: boolean;
  epsilon?: number;
  name?: string;
}

/** tfjs-layers layer: instance normalisation, optionally with a learnt per-channel scale and shift. */
export class InstanceNorm extends tf.layers.Layer {
  static className = 'InstanceNorm';
  readonly affine: boolean;
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: InstanceNormArgs = {}) {
    super(args.name ? { name: args.name } : {});
    this.affine = args.affine ?? false;
    this.epsilon = args.epsilon ?? INSTANCE_NORM_EPSILON;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = s[3];
    if (channels == null) throw new Error('InstanceNorm needs a known channel count');
    if (this.affine) {
      this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
      this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const y = instanceNorm(x, this.epsilon);
      if (!this.gamma || !this.beta) return y;
      return tf.add(tf.mul(y, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), affine: this.affine, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(InstanceNorm);
