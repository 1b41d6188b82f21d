// Saves and loads a network as a TF.js layers model (model.json + weights.bin), for every model family's
// training, checkpoints and finished models. Files are written under a temp name and renamed when
// complete; weights first, so model.json marks completion.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { LayersModel, io } from '@tensorflow/tfjs';
import { tf } from '../runtime.ts';
import { readModelFiles } from './model-files.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';

function joinWeights(data: io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

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

/** Loads a saved network; `label` names the model family in errors (custom layers must be registered). */
export async function loadLayersModel(dir: string, label?: string): Promise<LayersModel> {
  const { json, weights } = await readModelFiles(dir, label);
  const specs = json.weightsManifest.flatMap((g) => g.weights as io.WeightsManifestEntry[]);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weights.buffer }),
  );
}
