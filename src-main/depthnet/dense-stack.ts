// Inference of the DepthNet MLP (a TF.js layers "Sequential" of Dense layers, as saved by model-io.ts) in plain
// typed-array code. The network is tiny (272-256-256-68, ~150k multiply-adds per face), so a render needs no
// TF.js at all: no 0.3 s import and no backend start-up on every `depthswap swap`, which matters on a
// render-farm node that runs many short frame ranges. Training and the TF.js model stay in train.ts/mlp.ts; a
// test checks that this forward pass equals TF.js's on the shipped model.
import { z } from 'zod';
import { readModelFiles } from './model-meta.ts';

export interface DenseLayer {
  inputs: number;
  units: number;
  /** inputs x units, row-major (TF's kernel layout). */
  kernel: Float32Array;
  bias: Float32Array;
  relu: boolean;
}

export type DenseForward = (input: Float32Array, rows: number) => Float32Array;

const DenseConfig = z.object({
  class_name: z.literal('Dense'),
  config: z.object({
    name: z.string(),
    units: z.number().int().positive(),
    activation: z.enum(['relu', 'linear']),
    use_bias: z.literal(true),
  }),
});

const ModelJson = z.object({
  modelTopology: z.object({
    class_name: z.literal('Sequential'),
    config: z.object({ layers: z.array(z.unknown()).min(1) }),
  }),
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string()).min(1),
        weights: z.array(
          z.object({
            name: z.string(),
            shape: z.array(z.number().int().nonnegative()),
            dtype: z.literal('float32'),
          }),
        ),
      }),
    )
    .min(1),
});

/**
 * The Dense layers of a saved model from its model.json (parsed) and its weight bytes (the manifest's files
 * concatenated in order). Throws a clear error on anything else (other layer kinds, shapes that do not chain,
 * missing or short weights).
 */
export function parseDenseStack(modelJson: unknown, weights: Uint8Array, inputs: number): DenseLayer[] {
  const parsed = ModelJson.safeParse(modelJson);
  if (!parsed.success)
    throw new Error(`not a Sequential TF.js layers model: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const specs = parsed.data.weightsManifest.flatMap((g) => g.weights);
  const offsets = new Map<string, { offset: number; shape: number[] }>();
  let offset = 0;
  for (const s of specs) {
    offsets.set(s.name, { offset, shape: s.shape });
    offset += 4 * s.shape.reduce((a, b) => a * b, 1);
  }
  if (offset > weights.byteLength)
    throw new Error(`the weights are ${weights.byteLength} bytes, the manifest needs ${offset}`);
  // Aligned copies: the file's bytes may sit at any offset of a Buffer.
  const tensor = (name: string, shape: number[]): Float32Array => {
    const w = offsets.get(name);
    if (!w) throw new Error(`weight ${name} is missing from the manifest`);
    if (w.shape.join('x') !== shape.join('x'))
      throw new Error(`weight ${name} has shape [${w.shape.join(', ')}], expected [${shape.join(', ')}]`);
    const n = shape.reduce((a, b) => a * b, 1);
    return new Float32Array(weights.slice(w.offset, w.offset + 4 * n).buffer);
  };
  const layers: DenseLayer[] = [];
  let width = inputs;
  parsed.data.modelTopology.config.layers.forEach((raw, i) => {
    const layer = DenseConfig.safeParse(raw);
    if (!layer.success)
      throw new Error(`layer ${i} is not a Dense layer with bias and relu/linear activation`);
    const { name, units, activation } = layer.data.config;
    layers.push({
      inputs: width,
      units,
      kernel: tensor(`${name}/kernel`, [width, units]),
      bias: tensor(`${name}/bias`, [units]),
      relu: activation === 'relu',
    });
    width = units;
  });
  return layers;
}

/** Forward pass of `rows` inputs (row-major), accumulated in float64. */
export function forwardDense(layers: readonly DenseLayer[], input: Float32Array, rows: number): Float32Array {
  const first = layers[0];
  if (!first) throw new Error('the network has no layers');
  if (input.length !== rows * first.inputs)
    throw new Error(`expected ${rows} x ${first.inputs} inputs, got ${input.length} values`);
  const last = layers[layers.length - 1]!;
  const out = new Float32Array(rows * last.units);
  const widest = Math.max(...layers.map((l) => Math.max(l.inputs, l.units)));
  let x = new Float64Array(widest);
  let y = new Float64Array(widest);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < first.inputs; i++) x[i] = input[r * first.inputs + i]!;
    for (const l of layers) {
      const { inputs: n, units: m, kernel, bias } = l;
      for (let j = 0; j < m; j++) y[j] = bias[j]!;
      for (let i = 0; i < n; i++) {
        const xi = x[i]!;
        if (xi === 0) continue; // most hidden units are 0 after the relu
        const row = i * m;
        for (let j = 0; j < m; j++) y[j] = y[j]! + xi * kernel[row + j]!;
      }
      if (l.relu) for (let j = 0; j < m; j++) if (y[j]! < 0) y[j] = 0;
      const t = x;
      x = y;
      y = t;
    }
    for (let j = 0; j < last.units; j++) out[r * last.units + j] = x[j]!;
  }
  return out;
}

/** Reads model.json and its weight files from `dir` into a forward function. */
export async function loadDenseForward(dir: string, inputs: number): Promise<DenseForward> {
  const { json, weights } = await readModelFiles(dir);
  let layers: DenseLayer[];
  try {
    layers = parseDenseStack(json, weights, inputs);
  } catch (err) {
    throw new Error(`${dir}/model.json: ${(err as Error).message}`);
  }
  return (input, rows) => forwardDense(layers, input, rows);
}
