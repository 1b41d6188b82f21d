// Training checkpoints for any model family: several networks, several optimisers, extra tensors (e.g. an
// image pool) and a JSON state (step, settings, history) checked by the family's schema, in
// DIR/checkpoint/. A new checkpoint is written to a hidden partial folder and swapped in by rename, so a crash (even
// kill -9) leaves the previous one intact. Layout: network N in checkpoint/N/ (the one named 'model' at
// the checkpoint's root, the DepthNet's layout), optimiser O in O.bin + O.json, tensor group T in
// tensors-T.bin + .json, state.json last.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import {
  discardPartial,
  releasePartial,
  removeStalePartials,
  temporaryPath,
  trackPartial,
} from '../../util/partial-files.ts';
import path from 'node:path';
import type { z } from 'zod';
import type { LayersModel, NamedTensorMap, Optimizer, Tensor, io } from '@tensorflow/tfjs';
import { tf } from '../runtime.ts';
import { loadLayersModel, saveLayersModel } from './layers-io.ts';

export interface CheckpointParts {
  models: Record<string, LayersModel>;
  optimizers: Record<string, Optimizer>;
  /** Named groups of tensors (not disposed). */
  tensors?: Record<string, Tensor[]>;
}

export interface LoadedCheckpoint<S> {
  dir: string;
  state: S;
  models: Record<string, LayersModel>;
  restoreOptimizer(name: string, optimizer: Optimizer): Promise<void>;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

const modelDir = (root: string, name: string) => (name === 'model' ? root : path.join(root, name));

async function writeWeights(
  dir: string,
  base: string,
  named: Parameters<typeof tf.io.encodeWeights>[0],
): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(named);
  await writeFile(path.join(dir, `${base}.bin`), new Uint8Array(tf.io.CompositeArrayBuffer.join(data)));
  await writeFile(path.join(dir, `${base}.json`), JSON.stringify(specs));
}

async function readWeights(
  dir: string,
  base: string,
): Promise<{ specs: io.WeightsManifestEntry[]; map: NamedTensorMap }> {
  const specs = JSON.parse(
    await readFile(path.join(dir, `${base}.json`), 'utf8'),
  ) as io.WeightsManifestEntry[];
  const bytes = await readFile(path.join(dir, `${base}.bin`));
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { specs, map: tf.io.decodeWeights(buf, specs) };
}

export async function saveCheckpoint(outDir: string, parts: CheckpointParts, state: unknown): Promise<void> {
  const final = path.join(outDir, 'checkpoint');
  const old = path.join(outDir, 'checkpoint.old');
  // A hidden partial folder (util/partial-files.ts naming), removed on failure and on any process exit.
  await removeStalePartials(final);
  const tmp = temporaryPath(final);
  trackPartial(tmp);
  try {
    await mkdir(tmp, { recursive: true });
    for (const [name, model] of Object.entries(parts.models))
      await saveLayersModel(model, modelDir(tmp, name));
    for (const [name, optimizer] of Object.entries(parts.optimizers)) {
      await writeWeights(tmp, name, await optimizer.getWeights());
    }
    for (const [name, list] of Object.entries(parts.tensors ?? {})) {
      await writeWeights(
        tmp,
        `tensors-${name}`,
        list.map((tensor, i) => ({ name: String(i), tensor })),
      );
    }
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

export async function removeCheckpoint(outDir: string): Promise<void> {
  await rm(path.join(outDir, 'checkpoint'), { recursive: true, force: true });
  await rm(path.join(outDir, 'checkpoint.old'), { recursive: true, force: true });
  await removeStalePartials(path.join(outDir, 'checkpoint'));
}

export async function loadCheckpoint<S>(
  dir: string,
  schema: z.ZodType<S>,
  modelNames: readonly string[],
): Promise<LoadedCheckpoint<S>> {
  const state = schema.parse(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')));
  const models: Record<string, LayersModel> = {};
  try {
    for (const name of modelNames) models[name] = await loadLayersModel(modelDir(dir, name));
  } catch (err) {
    for (const m of Object.values(models)) m.dispose();
    throw err;
  }
  const restoreOptimizer = async (name: string, o: Optimizer) => {
    const { specs, map } = await readWeights(dir, name);
    await o.setWeights(specs.map((s) => ({ name: s.name, tensor: map[s.name]! })));
  };
  return { dir, state, models, restoreOptimizer };
}

/** Reads a tensor group of a checkpoint (the caller owns the tensors); empty when absent. */
export async function loadTensorGroup(dir: string, name: string): Promise<Tensor[]> {
  if (!(await exists(path.join(dir, `tensors-${name}.json`)))) return [];
  const { specs, map } = await readWeights(dir, `tensors-${name}`);
  return specs.map((s) => map[s.name]!);
}
