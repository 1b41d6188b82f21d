// Reflection padding of an NHWC image batch (as PyTorch's ReflectionPad2d, which the CycleGAN uses), with
// a correct gradient. TF.js 4.22's MirrorPad gradient only slices the incoming gradient and drops what the
// reflected border pixels contribute to the interior ones they copy; here the border gradients are folded
// back (reversed) onto those pixels. Also a tfjs-layers layer (tfjs-layers has none), serialisable.
import { tf } from '../ml/runtime.ts';

/** Folds the gradient of a reflect-padded axis back onto the unpadded axis (length n). */
function foldAxis(dy: tf.Tensor4D, axis: 1 | 2, before: number, after: number, n: number): tf.Tensor4D {
  const size = (len: number) => (axis === 1 ? [-1, len, -1, -1] : [-1, -1, len, -1]);
  const begin = (at: number) => (axis === 1 ? [0, at, 0, 0] : [0, 0, at, 0]);
  const padOf = (lo: number, hi: number): [number, number][] =>
    axis === 1
      ? [
          [0, 0],
          [lo, hi],
          [0, 0],
          [0, 0],
        ]
      : [
          [0, 0],
          [0, 0],
          [lo, hi],
          [0, 0],
        ];
  let out = tf.slice(dy, begin(before), size(n));
  if (before > 0) {
    // Padded row i (0..before-1) copies input row before - i: reversed, they land on rows 1..before.
    const top = tf.reverse(tf.slice(dy, begin(0), size(before)), axis);
    out = tf.add(out, tf.pad(top, padOf(1, n - 1 - before)));
  }
  if (after > 0) {
    // Padded row n + before + j copies input row n - 2 - j: reversed, rows n-1-after..n-2.
    const bottom = tf.reverse(tf.slice(dy, begin(before + n), size(after)), axis);
    out = tf.add(out, tf.pad(bottom, padOf(n - 1 - after, 1)));
  }
  return out as tf.Tensor4D;
}

export interface Padding2D {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function uniformPadding(p: number): Padding2D {
  return { top: p, bottom: p, left: p, right: p };
}

/** Reflection-pads x [batch, h, w, c] (each pad < the side it pads, as reflection requires). */
export function reflectionPad(x: tf.Tensor4D, pad: Padding2D): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (pad.top >= h || pad.bottom >= h || pad.left >= w || pad.right >= w) {
    throw new Error(`reflection padding ${JSON.stringify(pad)} needs an image larger than ${h}x${w}`);
  }
  const f = tf.customGrad((...args) => {
    const value = tf.mirrorPad(
      args[0] as tf.Tensor4D,
      [
        [0, 0],
        [pad.top, pad.bottom],
        [pad.left, pad.right],
        [0, 0],
      ],
      'reflect',
    );
    const gradFunc = (dy: tf.Tensor) => {
      const rows = foldAxis(dy as tf.Tensor4D, 1, pad.top, pad.bottom, h);
      return foldAxis(rows, 2, pad.left, pad.right, w);
    };
    return { value, gradFunc };
  });
  return f(x) as tf.Tensor4D;
}

export interface ReflectionPadArgs {
  padding: number;
  name?: string;
}

/** tfjs-layers layer: reflection padding by `padding` pixels on each side of height and width. */
export class ReflectionPad2D extends tf.layers.Layer {
  static className = 'ReflectionPad2D';
  readonly padding: number;

  constructor(args: ReflectionPadArgs) {
    super(args.name ? { name: args.name } : {});
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const grow = (d: number | null | undefined) => (d == null ? null : d + 2 * this.padding);
    return [s[0] ?? null, grow(s[1]), grow(s[2]), s[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return reflectionPad(x as tf.Tensor4D, uniformPadding(this.padding));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}
tf.serialization.registerClass(ReflectionPad2D);
