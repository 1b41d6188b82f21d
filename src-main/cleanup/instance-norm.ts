// Instance normalisation of an NHWC batch (Ulyanov et al.; the CycleGAN's normalisation): every image's
// every channel is normalised by its own mean and variance over height and width. Without the affine
// scale and shift by default, as PyTorch's InstanceNorm2d (affine=False) in the published CycleGAN.
// Also a tfjs-layers layer (tfjs-layers has none), serialisable. The gradient is the closed form
// dx = r (dy - mean(dy) - y mean(dy y)), r = 1 / sqrt(var + eps) (a custom gradient: 6 kernels instead of
// the ~20 that differentiating through moments takes; checked against finite differences in
// tests/unit/cleanup).
import { tf } from '../ml/runtime.ts';

export const INSTANCE_NORM_EPSILON = 1e-5;

/** (x - mean) / sqrt(var + eps) per image and channel, over the spatial axes. */
export function instanceNorm(x: tf.Tensor4D, epsilon = INSTANCE_NORM_EPSILON): tf.Tensor4D {
  const f = tf.customGrad((...args) => {
    const input = args[0] as tf.Tensor4D;
    const save = args[1] as unknown as (tensors: tf.Tensor[]) => void;
    const { mean, variance } = tf.moments(input, [1, 2], true);
    const r = tf.rsqrt(tf.add(variance, epsilon));
    const value = tf.mul(tf.sub(input, mean), r) as tf.Tensor4D;
    save([value, r]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [y, rs] = saved as [tf.Tensor4D, tf.Tensor4D];
      const meanDy = tf.mean(dy, [1, 2], true);
      const meanDyY = tf.mean(tf.mul(dy, y), [1, 2], true);
      return tf.mul(rs, tf.sub(tf.sub(dy, meanDy), tf.mul(y, meanDyY)));
    };
    return { value, gradFunc };
  });
  return f(x) as tf.Tensor4D;
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
