// Saves and loads a DepthNet in the TF.js layers format (model.json + weights.bin) plus depthnet.json
// (variant, training settings, metrics). Files are written under a temp name and renamed when complete.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { tf } from '../ml/runtime.ts';
import type { LayersModel, io } from '@tensorflow/tfjs';
import { TRAINED_VARIANTS } from './variants.ts';

export const MetaSchema = z.object({
  format: z.literal('depthswap-depthnet/1'),
  variant: z.enum(TRAINED_VARIANTS),
  keypoints: z.literal(68),
  hidden: z.array(z.number().int().positive()),
  ridge: z.number().nonnegative(),
  residualWeight: z.number().nonnegative(),
  /** Template keypoints [x, y, z] x 68 in the image convention (for variants with a template prior). */
  template: z.array(z.number()).length(204).nullable(),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type DepthNetMeta = z.infer<typeof MetaSchema>;

/** Writes data to `file` via a temp name in the same folder. */
export async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, data);
  await rename(tmp, file);
}

function joinWeights(data: io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** Saves the network as model.json + weights.bin in dir (weights first, so model.json marks completion). */
export async function saveLayersModel(model: LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      await writeAtomic(path.join(dir, 'weights.bin'), joinWeights(artifacts.weightData));
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeAtomic(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${name}: not valid JSON (damaged model file?)`);
  }
}

const ModelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(z.unknown()) })).min(1),
});

export async function loadLayersModel(dir: string): Promise<LayersModel> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'model.json'), 'utf8');
  } catch {
    throw new Error(`${dir}: no DepthNet model here (model.json missing)`);
  }
  const parsed = ModelJsonSchema.safeParse(parseJson(text, `${dir}/model.json`));
  if (!parsed.success) throw new Error(`${dir}/model.json: not a TF.js layers model`);
  const buffers: Uint8Array[] = [];
  const specs: io.WeightsManifestEntry[] = [];
  for (const group of parsed.data.weightsManifest) {
    for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
    specs.push(...(group.weights as io.WeightsManifestEntry[]));
  }
  const total = buffers.reduce((a, b) => a + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let off = 0;
  for (const b of buffers) {
    weightData.set(b, off);
    off += b.byteLength;
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: parsed.data.modelTopology,
      weightSpecs: specs,
      weightData: weightData.buffer,
    }),
  );
}

export async function saveMeta(dir: string, meta: DepthNetMeta): Promise<void> {
  await writeAtomic(path.join(dir, 'depthnet.json'), JSON.stringify(meta, null, 2) + '\n');
}

export async function loadMeta(dir: string): Promise<DepthNetMeta> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'depthnet.json'), 'utf8');
  } catch {
    throw new Error(`${dir}: no DepthNet model here (depthnet.json missing)`);
  }
  const parsed = MetaSchema.safeParse(parseJson(text, `${dir}/depthnet.json`));
  if (!parsed.success) throw new Error(`${dir}/depthnet.json: invalid (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}
