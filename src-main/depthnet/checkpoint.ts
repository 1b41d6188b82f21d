// Training checkpoints: network + Adam state + step, in DIR/checkpoint/. A new checkpoint is written to a
// hidden partial folder (util/partial-files.ts naming, removed on failure or exit) and swapped in by rename,
// so a crash leaves the previous one intact.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LayersModel, Optimizer, io } from '@tensorflow/tfjs';
import { tf } from '../ml/runtime.ts';
import {
  discardPartial,
  releasePartial,
  removeStalePartials,
  temporaryPath,
  trackPartial,
} from '../util/partial-files.ts';
import { loadLayersModel, saveLayersModel } from './model-io.ts';

export const CheckpointStateSchema = z.object({
  step: z.number().int().nonnegative(),
  settings: z.record(z.string(), z.unknown()),
  history: z.array(z.object({ step: z.number(), loss: z.number(), valLoss: z.number().optional() })),
});
export type CheckpointState = z.infer<typeof CheckpointStateSchema>;

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

export async function saveCheckpoint(
  outDir: string,
  model: LayersModel,
  optimizer: Optimizer,
  state: CheckpointState,
): Promise<void> {
  const final = path.join(outDir, 'checkpoint');
  const old = path.join(outDir, 'checkpoint.old');
  await removeStalePartials(final);
  const tmp = temporaryPath(final);
  trackPartial(tmp);
  try {
    await mkdir(tmp, { recursive: true });
    await saveLayersModel(model, tmp);
    const named = await optimizer.getWeights();
    const { data, specs } = await tf.io.encodeWeights(named);
    await writeFile(path.join(tmp, 'optimizer.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(data)));
    await writeFile(path.join(tmp, 'optimizer.json'), JSON.stringify(specs));
    await writeFile(path.join(tmp, 'state.json'), JSON.stringify(state));
    await rm(old, { recursive: true, force: true });
    if (await exists(final)) await rename(final, old);
    await rename(tmp, final);
    releasePartial(tmp);
  } catch (err) {
    await discardPartial(tmp);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

/** The latest complete checkpoint's folder, or null. */
export async function findCheckpoint(outDir: string): Promise<string | null> {
  for (const name of ['checkpoint', 'checkpoint.old']) {
    const dir = path.join(outDir, name);
    if (await exists(path.join(dir, 'state.json'))) return dir;
  }
  return null;
}

export async function loadCheckpoint(dir: string): Promise<{
  model: LayersModel;
  state: CheckpointState;
  restoreOptimizer: (o: Optimizer) => Promise<void>;
}> {
  const state = CheckpointStateSchema.parse(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')));
  const model = await loadLayersModel(dir);
  const specs = JSON.parse(
    await readFile(path.join(dir, 'optimizer.json'), 'utf8'),
  ) as io.WeightsManifestEntry[];
  const bytes = await readFile(path.join(dir, 'optimizer.bin'));
  const restoreOptimizer = async (o: Optimizer) => {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const map = tf.io.decodeWeights(buf, specs);
    await o.setWeights(specs.map((s) => ({ name: s.name, tensor: map[s.name]! })));
  };
  return { model, state, restoreOptimizer };
}
