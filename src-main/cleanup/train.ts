// Trains the cleanup CycleGAN on two crop sets (A: swapped faces, B: real faces of the shot) with the
// shared training loop and checkpoint store: seeded, resumable after a crash (kill -9) or a cancel, a
// larger step budget continues a finished run. Every checkpoint also exports the model folder (DIR/
// generator, cleanup.json, history.json, MODEL_CARD.md) and a sample sheet (DIR/samples/).
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { initTf, tf, type BackendReport } from '../ml/runtime.ts';
import { installWasmTrainingKernels } from '../ml/wasm-training-kernels.ts';
import {
  findCheckpoint,
  loadCheckpoint,
  loadTensorGroup,
  removeCheckpoint,
  saveCheckpoint,
} from '../ml/training/checkpoint-store.ts';
import { saveLayersModel } from '../ml/training/layers-io.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { checkSameSettings, runTrainingLoop } from '../ml/training/training-loop.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import type { ClipIdentity } from '../../src-shared/analysis/schema.ts';
import { encodeImage } from '../media/image.ts';
import { CleanupConfigSchema, learningRateAt, type CleanupConfig } from './config.ts';
import { loadRecognitionTerm } from './recognition-loss.ts';
import { CycleGan, MODEL_NAMES, type ModelName, type StepLosses } from './cyclegan.ts';
import type { CropSet } from './crop-set.ts';
import {
  CLEANUP_FORMAT,
  CLEANUP_KIND,
  GENERATOR_DIR,
  saveCleanupMeta,
  type CleanupMeta,
} from './model-meta.ts';
import { disposePair, PairSampler } from './sampler.ts';
import { sampleSheet } from './sample-sheet.ts';
import { modelCard } from './model-card.ts';
// The custom layers must be registered before a checkpoint's networks are loaded.
import './instance-norm.ts';
import './reflection-pad.ts';

/**
 * The training design a checkpoint was made by. 2: SimGAN self-regularisation, matte-weighted
 * discriminator patches, fakes pooled with their mattes, the paired colour term. A checkpoint of another design is refused.
 */
export const CLEANUP_DESIGN = 2;

export const HistoryEntrySchema = z.object({
  step: z.number(),
  g: z.number(),
  d: z.number(),
  gan: z.number(),
  cycle: z.number(),
  identity: z.number(),
  /** SimGAN's self-regularisation, mean |G(x) - x| (absent in runs made before it existed). */
  selfReg: z.number().default(0),
  /** The paired colour term (absent in runs made before it existed, 0 when off or unpaired). */
  colour: z.number().default(0),
  /** The recognition identity term (absent in runs made before it existed, or 0 when it is off). */
  recognition: z.number().default(0),
  lr: z.number(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const CleanupStateSchema = z.object({
  step: z.number().int().nonnegative(),
  settings: z.record(z.string(), z.unknown()),
  history: z.array(HistoryEntrySchema),
  seconds: z.number().nonnegative(),
});
export type CleanupState = z.infer<typeof CleanupStateSchema>;

export interface CleanupTrainOptions {
  outDir: string;
  a: CropSet;
  b: CropSet;
  config: CleanupConfig;
  steps: number;
  seed: number;
  checkpointEvery?: number;
  /** Steps between sample sheets (default: checkpointEvery); 0: none. */
  sampleEvery?: number;
  /** Steps averaged into one loss-history entry (default 10). */
  historyEvery?: number;
  fresh?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
  /** Recorded in cleanup.json and the model card. */
  clip?: ClipIdentity | null;
  source?: string | null;
  data?: string;
}

export interface CleanupTrainResult {
  steps: number;
  resumedFrom: number;
  history: HistoryEntry[];
  backend: BackendReport;
}

const fmt = (v: number) => v.toFixed(3);

export function lossLine(l: Omit<HistoryEntry, 'step' | 'lr'>): string {
  const rec = l.recognition > 0 ? ` recognition ${fmt(l.recognition)}` : '';
  return `G ${fmt(l.g)} D ${fmt(l.d)} cycle ${fmt(l.cycle)} identity ${fmt(l.identity)} change ${fmt(l.selfReg)} colour ${fmt(l.colour)}${rec}`;
}

export async function trainCleanup(opts: CleanupTrainOptions): Promise<CleanupTrainResult> {
  const backend = await initTf();
  installWasmTrainingKernels();
  const log = opts.log ?? (() => undefined);
  const { config, steps, seed } = opts;
  const every = opts.checkpointEvery ?? 100;
  const sampleEvery = opts.sampleEvery ?? every;
  const historyEvery = opts.historyEvery ?? 10;
  if (opts.a.size !== config.size || opts.b.size !== config.size) {
    throw new Error(`the crops are ${opts.a.size} px but the model is set to ${config.size} px`);
  }
  const sampler = new PairSampler(opts.a, opts.b, seed);
  await mkdir(opts.outDir, { recursive: true });
  const settings = { design: CLEANUP_DESIGN, config, seed };
  let state: CleanupState = { step: 0, settings, history: [], seconds: 0 };
  let gan: CycleGan;
  const ckpt = opts.fresh ? null : await findCheckpoint(opts.outDir);
  if (ckpt) {
    const loaded = await loadCheckpoint(ckpt, CleanupStateSchema, MODEL_NAMES);
    try {
      // A run made before a config field existed has its default (the schema fills it in, in order).
      const saved = loaded.state.settings;
      if (saved['design'] !== CLEANUP_DESIGN) {
        throw new Error(
          `${ckpt} was trained by an older cleanup design (its pools, losses and residual differ; docs/cleanup.md); train it afresh with --fresh or another --out`,
        );
      }
      const savedConfig = CleanupConfigSchema.safeParse(saved['config']);
      const normal = savedConfig.success ? { ...saved, config: savedConfig.data } : saved;
      checkSameSettings(ckpt, JSON.parse(JSON.stringify(normal)), JSON.parse(JSON.stringify(settings)));
      gan = new CycleGan(config, seed, loaded.models as Record<ModelName, tf.LayersModel>);
    } catch (err) {
      for (const m of Object.values(loaded.models)) m.dispose();
      throw err;
    }
    await loaded.restoreOptimizer('optG', gan.optG);
    await loaded.restoreOptimizer('optD', gan.optD);
    gan.poolA.restore((await loadTensorGroup(ckpt, 'poolA')) as tf.Tensor4D[]);
    gan.poolB.restore((await loadTensorGroup(ckpt, 'poolB')) as tf.Tensor4D[]);
    state = loaded.state;
    log(`resuming from step ${state.step} (${ckpt})`);
  } else {
    if (opts.fresh) await removeCheckpoint(opts.outDir);
    gan = new CycleGan(config, seed);
  }
  log(`backend: ${backend.choice} (${backend.detail})`);
  const resumedFrom = state.step;
  const window: StepLosses[] = [];
  let started = performance.now();
  const secondsNow = () => state.seconds + (performance.now() - started) / 1000;

  const exportModel = async () => {
    await saveLayersModel(gan.models.gAB, path.join(opts.outDir, GENERATOR_DIR));
    await writeFileAtomic(path.join(opts.outDir, 'history.json'), JSON.stringify(state.history) + '\n');
    const meta: CleanupMeta = {
      format: CLEANUP_FORMAT,
      kind: CLEANUP_KIND,
      size: config.size,
      config,
      seed,
      steps: state.step,
      clip: opts.clip ?? null,
      source: opts.source ?? null,
      crops: { a: opts.a.count, b: opts.b.count },
      training: {
        stepsPlanned: steps,
        seconds: Math.round(secondsNow()),
        data: opts.data ?? 'crops given directly',
        tfjs: tf.version.tfjs,
        backend: backend.choice,
        last: state.history.at(-1) ?? null,
      },
    };
    await saveCleanupMeta(opts.outDir, meta);
    await writeFileAtomic(path.join(opts.outDir, 'MODEL_CARD.md'), modelCard(meta));
  };
  const writeSheet = async () => {
    const sheet = sampleSheet(gan, opts.a, opts.b);
    const png = await encodeImage({ ...sheet, index: 0 }, 'png');
    const dir = path.join(opts.outDir, 'samples');
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, `step-${String(state.step).padStart(7, '0')}.png`), png);
    await writeFileAtomic(path.join(dir, 'latest.png'), png);
  };
  const flushHistory = () => {
    if (window.length === 0) return;
    const mean = (k: keyof StepLosses) => window.reduce((s, l) => s + l[k], 0) / window.length;
    state.history.push({
      step: state.step,
      g: mean('g'),
      d: mean('d'),
      gan: mean('gan'),
      cycle: mean('cycle'),
      identity: mean('identity'),
      selfReg: mean('selfReg'),
      colour: mean('colour'),
      recognition: mean('recognition'),
      lr: learningRateAt(config, state.step, steps),
    });
    window.length = 0;
  };
  const checkpoint = async () => {
    flushHistory();
    state.seconds = secondsNow();
    started = performance.now();
    await saveCheckpoint(
      opts.outDir,
      {
        models: { ...gan.models },
        optimizers: { optG: gan.optG, optD: gan.optD },
        tensors: { poolA: [...gan.poolA.contents()], poolB: [...gan.poolB.contents()] },
      },
      state,
    );
    await exportModel();
    const last = state.history.at(-1);
    log(`step ${state.step}: checkpoint saved${last ? ` (${lossLine(last)})` : ''}`);
  };

  try {
    if (config.recognitionWeight > 0) {
      gan.recognition = await loadRecognitionTerm();
      log(`recognition identity term on (weight ${config.recognitionWeight})`);
    }
    await runTrainingLoop({
      from: state.step,
      steps,
      checkpointEvery: every,
      signal: opts.signal,
      onProgress: opts.onProgress,
      stage: 'cleanup-train',
      yieldEvery: 1,
      runStep: (step) => {
        gan.setLearningRate(learningRateAt(config, step, steps));
        const pair = sampler.pair(step);
        let losses: StepLosses;
        try {
          losses = gan.step(pair, step);
        } finally {
          disposePair(pair);
        }
        window.push(losses);
        state.step = step + 1;
        if (state.step % historyEvery === 0) flushHistory();
        return lossLine(losses);
      },
      checkpoint,
      afterStep: async (done) => {
        if (sampleEvery > 0 && (done % sampleEvery === 0 || done === steps)) await writeSheet();
      },
    });
    if (state.step === resumedFrom && state.step >= steps) {
      // Nothing to do (already trained this far): make sure the model folder is complete.
      await exportModel();
    }
    return { steps: state.step, resumedFrom, history: state.history, backend };
  } finally {
    gan.recognition?.dispose();
    gan.dispose();
  }
}

/** Removes a training run's derived files (not the crop cache): for --fresh. */
export async function clearRun(outDir: string): Promise<void> {
  await removeCheckpoint(outDir);
  await rm(path.join(outDir, 'samples'), { recursive: true, force: true });
}
