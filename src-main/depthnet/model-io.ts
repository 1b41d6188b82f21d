// Saves and loads a DepthNet's network as a TF.js layers model (model.json + weights.bin), for training
// and checkpoints (depthnet.json: model-meta.ts). Files are written under a temp name and renamed when complete.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { tf } from '../ml/runtime.ts';
import type { LayersModel, io } from '@tensorflow/tfjs';
import { readModelFiles } from './model-meta.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

function joinWeights(data: io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** Saves the network as model.json + weights.bin in dir (weights first, so model.json marks completion). */
export async function saveLayersModel(model: LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      await writeFileAtomic(path.join(dir, 'weights.bin'), joinWeights(artifacts.weightData));
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

export async function loadLayersModel(dir: string): Promise<LayersModel> {
  const { json, weights } = await readModelFiles(dir);
  const specs = json.weightsManifest.flatMap((g) => g.weights as io.WeightsManifestEntry[]);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weights.buffer }),
  );
}
