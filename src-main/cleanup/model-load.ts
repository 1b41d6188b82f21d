// Loads a trained cleanup model for inference: checks cleanup.json first (no TF.js needed to refuse a
// wrong folder), then the generator A -> B. `delta` runs it on one aligned crop (RGB + matte bytes, as
// crop-warp.ts samples them) and returns the change it makes, in byte units, size x size x 3.
import path from 'node:path';
import { initTf, tf } from '../ml/runtime.ts';
import { loadLayersModel } from '../ml/training/layers-io.ts';
import type { ClipIdentity } from '../../src-shared/analysis/schema.ts';
import { GENERATOR_DIR, loadCleanupMeta, type CleanupMeta } from './model-meta.ts';
import { runGenerator } from './residual.ts';
import './instance-norm.ts';
import './reflection-pad.ts';

export interface CleanupModel {
  meta: CleanupMeta;
  size: number;
  delta(crop: Uint8Array): Float32Array;
  dispose(): void;
}

export async function loadCleanupModel(
  dir: string,
  expect: { size?: number; clip?: ClipIdentity; warn?: (line: string) => void } = {},
): Promise<CleanupModel> {
  const meta = await loadCleanupMeta(dir, expect);
  await initTf();
  const model = await loadLayersModel(path.join(dir, GENERATOR_DIR), 'cleanup');
  const shape = model.inputs[0]?.shape;
  if (!shape || shape[1] !== meta.size || shape[2] !== meta.size || shape[3] !== 4) {
    model.dispose();
    throw new Error(
      `${dir}: the generator takes ${JSON.stringify(shape)}, not ${meta.size} px crops with a matte`,
    );
  }
  const s = meta.size;
  return {
    meta,
    size: s,
    delta(crop) {
      if (crop.length !== s * s * 4)
        throw new Error(`cleanup crop: ${crop.length} bytes, expected ${s * s * 4}`);
      return tf.tidy(() => {
        const t = tf.tensor4d(Float32Array.from(crop), [1, s, s, 4]);
        const rgb = tf.sub(tf.div(tf.slice(t, [0, 0, 0, 0], [-1, -1, -1, 3]), 127.5), 1) as tf.Tensor4D;
        const matte = tf.div(tf.slice(t, [0, 0, 0, 3], [-1, -1, -1, 1]), 255) as tf.Tensor4D;
        const out = runGenerator(model, rgb, matte, meta.config);
        return tf.mul(tf.sub(out, rgb), 127.5).dataSync() as Float32Array;
      });
    },
    dispose: () => model.dispose(),
  };
}
