// Training speed: a network's first convolution sees a constant image in most passes of a CycleGAN step
// (the crops, the pooled fakes), so the gradient of its input is never needed there. tfjs-layers runs
// every convolution as TF.js's fused conv2d, whose custom gradient always computes the input's gradient
// too (a Conv2DBackpropInput per pass, ~6 % of a step); the plain conv2d + bias add (the same arithmetic)
// has a per-input gradient that TF.js computes only where it leads back to a trained weight. This swaps
// the call of the convolutions that read the model's input for that plain form, in this process only:
// the saved layers are unchanged Conv2D layers.
import { tf } from '../ml/runtime.ts';

interface ConvInternals {
  kernel: { read(): tf.Tensor } | null;
  bias: { read(): tf.Tensor } | null;
  useBias: boolean;
  strides: number[];
  padding: 'valid' | 'same';
  dilationRate: number[];
  dataFormat: string;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: unknown): tf.Tensor;
}

const PATCHED = Symbol.for('depthswap.plainInputConv');

/** Makes the Conv2D layers fed by the model's own input use the plain conv2d (see the file's head). */
export function plainInputConvs(model: tf.LayersModel): number {
  const inputs = new Set(model.inputs.map((t) => t.name));
  // The layers that read the input directly or through parameter-free padding (reflection pad).
  const fed = new Set<string>();
  let patched = 0;
  for (const layer of model.layers) {
    const ins = (Array.isArray(layer.input) ? layer.input : [layer.input]) as tf.SymbolicTensor[];
    const fromInput = ins.every((t) => inputs.has(t.name) || fed.has(t.name));
    if (!fromInput) continue;
    const cls = layer.getClassName();
    if (cls === 'ReflectionPad2D' || cls === 'InputLayer') {
      const outs = (Array.isArray(layer.output) ? layer.output : [layer.output]) as tf.SymbolicTensor[];
      for (const t of outs) fed.add(t.name);
      continue;
    }
    if (cls !== 'Conv2D') continue;
    const conv = layer as unknown as ConvInternals & Record<symbol, boolean>;
    if (conv[PATCHED] || conv.dataFormat !== 'channelsLast') continue;
    conv.call = function plainCall(this: ConvInternals, x: tf.Tensor | tf.Tensor[]) {
      return tf.tidy(() => {
        const input = (Array.isArray(x) ? x[0]! : x) as tf.Tensor4D;
        const [sh, sw] = this.strides as [number, number];
        const [dh, dw] = this.dilationRate as [number, number];
        let y: tf.Tensor = tf.conv2d(
          input,
          this.kernel!.read() as tf.Tensor4D,
          [sh, sw],
          this.padding,
          'NHWC',
          [dh, dw],
        );
        if (this.useBias && this.bias) y = tf.add(y, this.bias.read());
        return y;
      });
    };
    conv[PATCHED] = true;
    patched++;
  }
  return patched;
}
