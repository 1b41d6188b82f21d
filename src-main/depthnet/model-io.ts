// Saves and loads a DepthNet's network as a TF.js layers model (model.json + weights.bin), for training
// and checkpoints (depthnet.json: model-meta.ts). Files are written under a temp name and renamed when complete.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { tf } from '../ml/runtime.ts';
import type { LayersModel, io } from '@tensorflow/tfjs';
import { parseJson, writeAtomic } from './model-meta.ts';

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
