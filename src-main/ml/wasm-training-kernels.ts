// Training kernels the wasm backend lacks (tfjs-backend-wasm 4.22), built from its existing kernels.
// Conv2DBackpropFilter (the gradient of a convolution's filter; transposed convolutions need it too) is a
// convolution itself: with the batch and channel axes of x swapped, dW = conv(x^T, dy^T) where the
// original stride becomes the dilation (and the dilation the stride), then transposed back to
// [kh, kw, in, out]. The kernel registry is process-global; installing is idempotent, and the result is
// checked against the cpu backend (tests/unit/cleanup/wasm-training-kernels.test.ts).
import { tf } from './runtime.ts';
import { phaseBackpropInput, type PhaseKernels } from './wasm-polyphase.ts';

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

const MARK = Symbol.for('depthswap.wasmTrainingKernels');

interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function kernelOf(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`the wasm backend has no ${name} kernel`);
  return k.kernelFunc;
}

function asInfo(t: tf.TensorInfo | tf.TensorInfo[]): tf.TensorInfo {
  const one = Array.isArray(t) ? t[0] : t;
  if (!one) throw new Error('a wasm kernel returned no output');
  return one;
}

/** The missing Conv2DBackpropFilter, from Transpose, Conv2D and Slice of the wasm backend. */
function backpropFilter(transpose: tf.KernelFunc, conv: tf.KernelFunc, slice: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as BackpropFilterAttrs;
    const backend = args.backend as unknown as WasmBackendLike;
    if (attrs.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter: only NHWC is supported');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    // Rows the trick convolution needs: (kh - 1) + (oh - 1) * sh + 1 after `top` zero rows.
    const bottom = Math.max(0, kh + (oh - 1) * sh - h - top);
    const right = Math.max(0, kw + (ow - 1) * sw - w - left);
    const temps: tf.TensorInfo[] = [];
    const run = (k: tf.KernelFunc, inputs: object, a: object) => {
      const out = asInfo(
        k({ inputs: inputs as tf.NamedTensorMap, attrs: a as never, backend: args.backend }),
      );
      temps.push(out);
      return out;
    };
    try {
      const xT = run(transpose, { x }, { perm: [3, 1, 2, 0] }); // [in, h, w, batch]
      const dyT = run(transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [oh, ow, batch, out]
      const full = run(
        conv,
        { x: xT, filter: dyT },
        {
          strides: [1, 1],
          dilations: [sh, sw],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        },
      ); // [in, >= kh, >= kw, out]
      const cut = run(slice, { x: full }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
      const result = asInfo(
        transpose({
          inputs: { x: cut } as never,
          attrs: { perm: [1, 2, 0, 3] } as never,
          backend: args.backend,
        }),
      );
      return result;
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: BackpropFilterAttrs['pad'];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * A faster Conv2DBackpropInput (wasm's own is a plain loop, ~10x slower than its XNNPACK Conv2D; it is also
 * the forward pass of every transposed convolution): dx is the correlation of dy, zero-upsampled by the
 * stride, with the filter flipped in space and its channel axes swapped. Cases it does not cover go to the
 * original kernel.
 */
function backpropInput(
  original: tf.KernelFunc,
  k: {
    transpose: tf.KernelFunc;
    conv: tf.KernelFunc;
    slice: tf.KernelFunc;
    pad: tf.KernelFunc;
    reverse: tf.KernelFunc;
    phases: PhaseKernels;
  },
): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as BackpropInputAttrs;
    const backend = args.backend as unknown as WasmBackendLike;
    if (attrs.dataFormat === 'NCHW') return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
    const [b, , , co] = dy.shape as [number, number, number, number];
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const hu = (oh - 1) * sh + 1;
    const wu = (ow - 1) * sw + 1;
    const bottom = h + kh - 1 - hu - top;
    const right = w + kw - 1 - wu - left;
    if (top < 0 || left < 0 || bottom < 0 || right < 0) return original(args);
    if (sh === sw && sh > 1) {
      // Strided: by output phases, without the zero-upsampled dy (wasm-polyphase.ts).
      const g = {
        kh,
        kw,
        ci: info.inChannels,
        co,
        stride: sh,
        top: info.padInfo.top,
        left: info.padInfo.left,
      };
      const dx = phaseBackpropInput(dy, filter, { ...g, b, h, w, oh, ow }, k.phases, args.backend);
      if (dx) return dx;
    }
    const temps: tf.TensorInfo[] = [];
    const run = (kf: tf.KernelFunc, inputs: object, a: object) => {
      const out = asInfo(
        kf({ inputs: inputs as tf.NamedTensorMap, attrs: a as never, backend: args.backend }),
      );
      temps.push(out);
      return out;
    };
    const view = (t: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({
      dataId: t.dataId,
      shape,
      dtype: t.dtype,
    });
    try {
      let up = dy;
      if (sh > 1 || sw > 1) {
        // Zero rows after each row, then zero columns after each column; 4-D pads of reshaped views.
        const rows = run(
          k.pad,
          { x: view(dy, [b, oh, 1, ow * co]) },
          {
            paddings: [
              [0, 0],
              [0, 0],
              [0, sh - 1],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
        const cols = run(
          k.pad,
          { x: view(rows, [b * oh * sh, ow, 1, co]) },
          {
            paddings: [
              [0, 0],
              [0, 0],
              [0, sw - 1],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
        up = run(
          k.slice,
          { x: view(cols, [b, oh * sh, ow * sw, co]) },
          { begin: [0, 0, 0, 0], size: [b, hu, wu, co] },
        );
      }
      const flipped = run(k.reverse, { x: filter }, { dims: [0, 1] });
      const swapped = run(k.transpose, { x: flipped }, { perm: [0, 1, 3, 2] }); // [kh, kw, out, in]
      return asInfo(
        k.conv({
          inputs: { x: up, filter: swapped } as never,
          attrs: {
            strides: [1, 1],
            dilations: [1, 1],
            pad: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            dataFormat: 'NHWC',
          } as never,
          backend: args.backend,
        }),
      );
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * Registers the wasm training kernels once per process. Returns false when the wasm backend is not
 * loaded (nothing to do), true when they are in place.
 */
export function installWasmTrainingKernels(): boolean {
  if (!tf.getKernel('Conv2D', 'wasm')) return false;
  const input = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (input && !(input as unknown as Record<symbol, boolean>)[MARK]) {
    const fast = {
      ...input,
      kernelFunc: backpropInput(input.kernelFunc, {
        transpose: kernelOf('Transpose'),
        conv: kernelOf('Conv2D'),
        slice: kernelOf('Slice'),
        pad: kernelOf('PadV2'),
        reverse: kernelOf('Reverse'),
        phases: {
          conv: kernelOf('Conv2D'),
          slice: kernelOf('Slice'),
          pad: kernelOf('PadV2'),
          transpose: kernelOf('Transpose'),
        },
      }),
    };
    (fast as unknown as Record<symbol, boolean>)[MARK] = true;
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(fast);
  }
  // A future tfjs with its own Conv2DBackpropFilter: keep it.
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return true;
  const config = {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: backpropFilter(kernelOf('Transpose'), kernelOf('Conv2D'), kernelOf('Slice')),
  };
  (config as unknown as Record<symbol, boolean>)[MARK] = true;
  tf.registerKernel(config);
  return true;
}
