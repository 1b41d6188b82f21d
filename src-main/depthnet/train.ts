// Trains a DepthNet variant on AFLW2000-3D TRAIN rows (x, y only; unsupervised in depth), seeded and
// resumable from DIR/checkpoint. The finished model is written to DIR (model.json, weights.bin, depthnet.json).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LayersModel, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { initTf, tf } from '../ml/runtime.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { checkSameSettings, resumableSettings, runTrainingLoop } from '../ml/training/training-loop.ts';
import { isTestRow, loadAflw2000, trainMeanTemplate } from '../data/aflw2000.ts';
import { buildMlp } from './mlp.ts';
import { variantLoss, type LossOptions } from './losses.ts';
import { variantSpec, type TrainedVariant } from './variants.ts';
import { INPUTS } from './features.ts';
import { isValidationRow, makeBatch, prepareSet, samplePairs, type PreparedSet } from './training-data.ts';
import { findCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointState } from './checkpoint.ts';
import { saveLayersModel } from './model-io.ts';
import { saveMeta } from './model-meta.ts';

export interface TrainSettings {
  variant: TrainedVariant;
  seed: number;
  steps: number;
  batch: number;
  learningRate: number;
  /** Learning rate is multiplied by this for the last quarter of the steps. */
  finalLrFactor: number;
  hidden: number[];
  ridge: number;
  residualWeight: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  variant: '7',
  seed: 1,
  steps: 6000,
  batch: 64,
  learningRate: 1e-3,
  finalLrFactor: 0.1,
  hidden: [256, 256],
  ridge: 1e-4,
  residualWeight: 0.01,
};

export interface TrainOptions {
  outDir: string;
  dataDir: string;
  settings: TrainSettings;
  checkpointEvery?: number;
  /** Discard an existing checkpoint instead of resuming from it. */
  fresh?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
}

export interface TrainResult {
  steps: number;
  resumedFrom: number;
  history: CheckpointState['history'];
  finalValLoss: number;
}

const VAL_PAIRS = 512;

function validationLoss(
  model: LayersModel,
  set: PreparedSet,
  settings: TrainSettings,
  opts: LossOptions,
): number {
  const pairs = samplePairs(set.faces.length, VAL_PAIRS, settings.seed ^ 0x5eed, 0);
  const batch = makeBatch(set, pairs);
  try {
    return tf.tidy(() => {
      const out = model.predict(batch.input) as Tensor;
      return variantLoss(
        variantSpec(settings.variant),
        out,
        batch.src,
        batch.tgt,
        batch.templ,
        opts,
      ).dataSync()[0]!;
    });
  } finally {
    batch.dispose();
  }
}

export async function trainDepthNet(opts: TrainOptions): Promise<TrainResult> {
  await initTf();
  const { settings } = opts;
  const spec = variantSpec(settings.variant);
  const log = opts.log ?? (() => undefined);
  const all = await loadAflw2000(opts.dataDir);
  // Depth prior (variant 7t) and depth sign/scale reference at predict time: the TRAIN mean 3D shape.
  const template = trainMeanTemplate(all);
  const fit = prepareSet(
    all.filter((f) => !isTestRow(f.row) && !isValidationRow(f.row)),
    template,
  );
  const val = prepareSet(
    all.filter((f) => isValidationRow(f.row)),
    template,
  );
  const lossOpts: LossOptions = { ridge: settings.ridge, residualWeight: settings.residualWeight };

  let model: LayersModel;
  let state: CheckpointState = { step: 0, settings: resumableSettings(settings), history: [] };
  const optimizer = tf.train.adam(settings.learningRate);
  const ckpt = opts.fresh ? null : await findCheckpoint(opts.outDir);
  if (ckpt) {
    const loaded = await loadCheckpoint(ckpt);
    try {
      checkSameSettings(ckpt, loaded.state.settings, state.settings);
    } catch (err) {
      loaded.model.dispose();
      throw err;
    }
    model = loaded.model;
    state = loaded.state;
    await loaded.restoreOptimizer(optimizer);
    log(`resuming from step ${state.step} (${ckpt})`);
  } else {
    if (opts.fresh) await rm(path.join(opts.outDir, 'checkpoint'), { recursive: true, force: true });
    model = buildMlp({ inputs: INPUTS, hidden: settings.hidden, outputs: spec.outputs, seed: settings.seed });
  }
  const resumedFrom = state.step;
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const every = opts.checkpointEvery ?? 1000;
  let running = 0;
  let runningN = 0;
  const lrSwitch = Math.floor(settings.steps * 0.75);
  const setLr = (lr: number) => {
    // Adam keeps its rate in a plain field; a step schedule is all we need.
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };
  if (state.step >= lrSwitch) setLr(settings.learningRate * settings.finalLrFactor);

  const checkpoint = async () => {
    const valLoss = validationLoss(model, val, settings, lossOpts);
    state.history.push({ step: state.step, loss: runningN ? running / runningN : NaN, valLoss });
    await saveCheckpoint(opts.outDir, model, optimizer, state);
    log(
      `step ${state.step}: train loss ${(running / Math.max(1, runningN)).toFixed(5)}, val loss ${valLoss.toFixed(5)}`,
    );
    running = 0;
    runningN = 0;
    return valLoss;
  };

  const runStep = (step: number): string => {
    if (step === lrSwitch) setLr(settings.learningRate * settings.finalLrFactor);
    const batch = makeBatch(fit, samplePairs(fit.faces.length, settings.batch, settings.seed, step));
    let cost: Scalar | null = null;
    try {
      cost = optimizer.minimize(
        () => {
          const out = model.apply(batch.input, { training: true }) as Tensor;
          return variantLoss(spec, out, batch.src, batch.tgt, batch.templ, lossOpts);
        },
        true,
        vars,
      );
      const v = cost!.dataSync()[0]!;
      if (!Number.isFinite(v)) throw new Error(`training diverged at step ${step} (loss ${v})`);
      running += v;
      runningN++;
    } finally {
      batch.dispose();
      cost?.dispose();
    }
    state.step = step + 1;
    return `loss ${(running / Math.max(1, runningN)).toFixed(4)}`;
  };

  try {
    await runTrainingLoop({
      from: state.step,
      steps: settings.steps,
      checkpointEvery: every,
      signal: opts.signal,
      onProgress: opts.onProgress,
      runStep,
      checkpoint: async () => void (await checkpoint()),
    });
    const finalValLoss = state.history.at(-1)?.valLoss ?? validationLoss(model, val, settings, lossOpts);
    await saveLayersModel(model, opts.outDir);
    await saveMeta(opts.outDir, {
      format: 'depthswap-depthnet/1',
      variant: settings.variant,
      keypoints: 68,
      hidden: settings.hidden,
      ridge: settings.ridge,
      residualWeight: settings.residualWeight,
      template: Array.from(template),
      training: {
        ...settings,
        data: 'AFLW2000-3D (3DDFA) 68-point x, y of TRAIN rows (row % 5 != 0), validation rows row % 10 == 1',
        template: 'generalised Procrustes mean 3D shape of the TRAIN rows',
        fitFaces: fit.faces.length,
        validationFaces: val.faces.length,
        finalValLoss,
        tfjs: tf.version.tfjs,
        backend: tf.getBackend(),
      },
    });
    return { steps: state.step, resumedFrom, history: state.history, finalValLoss };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
