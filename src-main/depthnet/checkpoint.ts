// DepthNet training checkpoints: network + Adam state + step, in DIR/checkpoint/, through the shared
// checkpoint store (src-main/ml/training/checkpoint-store.ts; the network named 'model' at the root).
import { z } from 'zod';
import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import * as store from '../ml/training/checkpoint-store.ts';

export const CheckpointStateSchema = z.object({
  step: z.number().int().nonnegative(),
  settings: z.record(z.string(), z.unknown()),
  history: z.array(z.object({ step: z.number(), loss: z.number(), valLoss: z.number().optional() })),
});
export type CheckpointState = z.infer<typeof CheckpointStateSchema>;

export const findCheckpoint = store.findCheckpoint;

export async function saveCheckpoint(
  outDir: string,
  model: LayersModel,
  optimizer: Optimizer,
  state: CheckpointState,
): Promise<void> {
  await store.saveCheckpoint(outDir, { models: { model }, optimizers: { optimizer } }, state);
}

export async function loadCheckpoint(dir: string): Promise<{
  model: LayersModel;
  state: CheckpointState;
  restoreOptimizer: (o: Optimizer) => Promise<void>;
}> {
  const loaded = await store.loadCheckpoint(dir, CheckpointStateSchema, ['model']);
  return {
    model: loaded.models['model']!,
    state: loaded.state,
    restoreOptimizer: (o) => loaded.restoreOptimizer('optimizer', o),
  };
}
