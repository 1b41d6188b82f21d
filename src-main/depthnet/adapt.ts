// Per-clip DepthNet adaptation: fine-tunes a DepthNet (the shipped one by default) on pairs of frames of one
// track of a clip's analysis, far apart in head pose, with the paper's closed-form keypoint loss plus the
// multi-frame depth consistency (adapt-loss.ts), and AFLW2000-3D TRAIN pairs replayed in every batch so the
// network keeps working for other faces. Seeded, checkpointed to OUT/checkpoint and resumed from it, with
// progress and cancellation. The result is written to OUT only when the collapse guard (adapt-guard.ts)
// accepts it; a refused model is rolled back (nothing but OUT/adapt-report.json is left).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LayersModel, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { initTf, tf } from '../ml/runtime.ts';
import { CancelledError } from '../util/cancel.ts';
import { EtaEstimator, type ProgressListener } from '../../src-shared/progress.ts';
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { isTestRow, loadAflw2000 } from '../data/aflw2000.ts';
import { adaptLoss, anchorTf } from './adapt-loss.ts';
import { variantLoss } from './losses.ts';
import { variantSpec } from './variants.ts';
import { isValidationRow, makeBatch, prepareSet, samplePairs } from './training-data.ts';
import { findCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointState } from './checkpoint.ts';
import { loadLayersModel, saveLayersModel } from './model-io.ts';
import { loadMeta, saveMeta } from './model-meta.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { loadDepthNet } from './depthnet.ts';
import { adaptationFrames, drawPairs, type AdaptationFrames } from './adapt-frames.ts';
import { guardReport, trackScores, type GuardReport, type TrackScores } from './adapt-guard.ts';
import { anchorBatch, rigidTeacher, teacherBatch, type TeacherReport } from './adapt-teacher.ts';

export interface AdaptSettings {
  seed: number;
  steps: number;
  /** Pairs of the track per step (each in both directions), and AFLW TRAIN pairs replayed per step. */
  pairs: number;
  replay: number;
  learningRate: number;
  /** Weights of the terms on the track's pairs: the paper's keypoint loss, the depth consistency, and the
   * multi-frame rigid teacher (adapt-teacher.ts; used only when the head turns enough). */
  keypointWeight: number;
  consistencyWeight: number;
  teacherWeight: number;
  /** Weight of the replayed pairs' depth staying the base model's (anchorTf), when the teacher is used: the
   * teacher pulls the whole network, the anchor keeps other people's depth where it was. */
  anchorWeight: number;
}

export const DEFAULT_ADAPT_SETTINGS: AdaptSettings = {
  seed: 1,
  steps: 300,
  pairs: 16,
  replay: 32,
  learningRate: 1e-3,
  keypointWeight: 1,
  consistencyWeight: 0.2,
  teacherWeight: 1,
  anchorWeight: 1,
};

export interface AdaptOptions {
  modelDir: string;
  analysis: AnalysisFile;
  track?: number;
  /** Only frames in this range adapt (e.g. half of a clip, to measure on the other half). */
  range?: FrameRange;
  outDir: string;
  dataDir: string;
  settings: AdaptSettings;
  checkpointEvery?: number;
  fresh?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
}

export interface AdaptResult {
  accepted: boolean;
  outDir: string;
  track: number;
  frames: number;
  candidatePairs: number;
  poseSpreadDeg: number;
  steps: number;
  resumedFrom: number;
  /** Scores on fixed pairs of the track's frames, before (shipped) and after. */
  onTrack: { before: TrackScores; after: TrackScores };
  /** The rigid teacher: whether it was used, how well the keypoints fit one rigid shape. */
  teacher: TeacherReport;
  guard: GuardReport;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function weightsHash(dir: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path.join(dir, 'weights.bin')))
    .digest('hex')
    .slice(0, 16);
}

/** Refuses an output folder that is the input model or holds a model the user did not make with adapt. */
async function checkOutDir(outDir: string, modelDir: string, fresh: boolean): Promise<void> {
  if (path.resolve(outDir) === path.resolve(modelDir))
    throw new Error('--out must not be the --model folder (the input model is never written over)');
  if (!(await exists(path.join(outDir, 'depthnet.json')))) return;
  const meta = await loadMeta(outDir).catch(() => null);
  if (!meta?.training['adaptation'])
    throw new Error(`${outDir} already holds a DepthNet that is not an adapted one; choose another --out`);
  if (!fresh) throw new Error(`${outDir} already holds an adapted model; use --fresh to replace it`);
}

const EVAL_PAIRS = 256;
/** The teacher's weight rises linearly over the first TEACHER_RAMP_STEPS steps (a full-weight pull from
 * step 0 moved other people's depth faster than the replay could hold it: a 20-step run was refused). */
export const TEACHER_RAMP_STEPS = 100;
const teacherRamp = (step: number) => Math.min(1, (step + 1) / TEACHER_RAMP_STEPS);

export async function adaptDepthNet(opts: AdaptOptions): Promise<AdaptResult> {
  const { settings } = opts;
  const log = opts.log ?? (() => undefined);
  const data: AdaptationFrames = adaptationFrames(opts.analysis, {
    ...(opts.track !== undefined ? { track: opts.track } : {}),
    ...(opts.range ? { range: opts.range } : {}),
  });
  await checkOutDir(opts.outDir, opts.modelDir, opts.fresh ?? false);
  const baseMeta = await loadMeta(opts.modelDir);
  const spec = variantSpec(baseMeta.variant);
  if (spec.variant === '3') throw new Error('adaptation needs a depth-only DepthNet (variant 7 or 7t)');
  const template = baseMeta.template ? Float64Array.from(baseMeta.template) : null;
  if (!template) throw new Error(`${opts.modelDir}: the model has no template (needed for adaptation)`);
  log(
    `track ${data.track}: ${data.frames.length} frames, head pose spread ${data.spreadDeg.toFixed(1)} deg, ` +
      `${data.candidates.length} pairs at least ${data.pairDistanceDeg.toFixed(1)} deg apart`,
  );
  await initTf();
  const all = await loadAflw2000(opts.dataDir);
  const replaySet = prepareSet(
    all.filter((f) => !isTestRow(f.row) && !isValidationRow(f.row)),
    template,
  );
  const trackSet = prepareSet(
    data.frames.map((f, i) => ({ row: i, xy: f.xy, z: new Float64Array(68), yawDeg: f.pose.yawDeg })),
    template,
  );
  const lossOpts = {
    ridge: baseMeta.ridge,
    residualWeight: baseMeta.residualWeight,
    consistencyWeight: settings.consistencyWeight,
  };
  const { steps: _steps, ...resumable } = settings;
  const key: CheckpointState['settings'] = {
    ...resumable,
    base: await weightsHash(opts.modelDir),
    clip: {
      size: opts.analysis.clip.size,
      mtimeMs: opts.analysis.clip.mtimeMs,
      frames: opts.analysis.clip.frameCount,
    },
    track: data.track,
    range: opts.range ?? null,
  };
  const keyText = JSON.stringify(key);

  await mkdir(opts.outDir, { recursive: true });
  if (opts.fresh) await rm(path.join(opts.outDir, 'checkpoint'), { recursive: true, force: true });
  let model: LayersModel;
  let state: CheckpointState = { step: 0, settings: key, history: [] };
  const optimizer = tf.train.adam(settings.learningRate);
  const ckpt = opts.fresh ? null : await findCheckpoint(opts.outDir);
  if (ckpt) {
    const loaded = await loadCheckpoint(ckpt);
    if (JSON.stringify(loaded.state.settings) !== keyText) {
      loaded.model.dispose();
      throw new Error(`${ckpt} was made for another clip, track or settings; use --fresh or another --out`);
    }
    model = loaded.model;
    state = loaded.state;
    await loaded.restoreOptimizer(optimizer);
    log(`resuming from step ${state.step} (${ckpt})`);
  } else {
    model = await loadLayersModel(opts.modelDir);
  }
  const resumedFrom = state.step;
  const evalPairs = drawPairs(data.candidates, EVAL_PAIRS, settings.seed, -1).filter(([a, b]) => a < b);
  const xys = data.frames.map((f) => f.xy);
  const shippedNet = await loadDepthNet(opts.modelDir);
  const before = trackScores(shippedNet, xys, evalPairs);
  const teacher = rigidTeacher(shippedNet, xys, data.spreadDeg);
  const teacherDepths = settings.teacherWeight > 0 ? teacher.depths : null;
  log(
    teacher.report.used
      ? `rigid teacher: keypoints fit one rigid shape to ${teacher.report.rmsPx.toFixed(2)} px ` +
          `(robust weight jaw ${teacher.report.jawWeight.toFixed(2)}, inner ${teacher.report.innerWeight.toFixed(2)}), ` +
          `agreement with the base model's depth ${teacher.report.agreement.toFixed(3)}`
      : `rigid teacher not used: ${teacher.report.reason}`,
  );
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const every = opts.checkpointEvery ?? 100;
  const eta = new EtaEstimator(settings.steps, 'adapt');
  let running = 0;
  let runningN = 0;
  const checkpoint = async () => {
    state.history.push({ step: state.step, loss: runningN ? running / runningN : NaN });
    await saveCheckpoint(opts.outDir, model, optimizer, state);
    log(`step ${state.step}: loss ${(running / Math.max(1, runningN)).toFixed(5)}`);
    running = 0;
    runningN = 0;
  };
  const candidate = path.join(opts.outDir, '.candidate');
  try {
    while (state.step < settings.steps) {
      if (opts.signal?.aborted) {
        await checkpoint();
        throw new CancelledError('adaptation cancelled (checkpoint saved; run again to resume)');
      }
      const pairs = drawPairs(data.candidates, settings.pairs, settings.seed, state.step);
      const both = [...pairs, ...pairs.map(([a, b]) => [b, a] as [number, number])];
      const own = makeBatch(trackSet, both);
      const taught = teacherDepths ? teacherBatch(teacherDepths, both) : null;
      const replayPairs = samplePairs(replaySet.faces.length, settings.replay, settings.seed, state.step);
      const replay = makeBatch(replaySet, replayPairs);
      const anchor =
        teacherDepths && settings.anchorWeight > 0 ? anchorBatch(shippedNet, replaySet, replayPairs) : null;
      let cost: Scalar | null = null;
      try {
        cost = optimizer.minimize(
          () => {
            const outOwn = model.apply(own.input, { training: true }) as Tensor;
            const outReplay = model.apply(replay.input, { training: true }) as Tensor;
            const parts = adaptLoss(spec, outOwn, own.src, own.tgt, own.templ, lossOpts, taught);
            const mine = tf.addN([
              tf.mul(settings.keypointWeight, parts.keypoint),
              tf.mul(settings.consistencyWeight, parts.consistency),
              tf.mul(settings.teacherWeight * teacherRamp(state.step), parts.teacher),
            ]);
            let others = variantLoss(spec, outReplay, replay.src, replay.tgt, replay.templ, lossOpts);
            if (anchor)
              others = tf.add(
                others,
                tf.mul(settings.anchorWeight, anchorTf(spec, outReplay, replay.templ, anchor)),
              ) as Scalar;
            return tf.add(mine, others) as Scalar;
          },
          true,
          vars,
        );
        const v = cost!.dataSync()[0]!;
        if (!Number.isFinite(v)) throw new Error(`adaptation diverged at step ${state.step} (loss ${v})`);
        running += v;
        runningN++;
      } finally {
        own.dispose();
        taught?.dispose();
        anchor?.dispose();
        replay.dispose();
        cost?.dispose();
      }
      state.step++;
      opts.onProgress?.(
        eta.update(state.step, Date.now(), `loss ${(running / Math.max(1, runningN)).toFixed(4)}`),
      );
      if (state.step % every === 0 || state.step === settings.steps) await checkpoint();
      if (state.step % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    // The candidate model, complete, in a side folder; measured; moved in only when accepted.
    await rm(candidate, { recursive: true, force: true });
    await saveLayersModel(model, candidate);
    const adaptation = {
      base: path.resolve(opts.modelDir),
      baseWeights: key['base'],
      clip: opts.analysis.clip.path,
      track: data.track,
      range: opts.range ?? null,
      frames: data.frames.length,
      poseSpreadDeg: data.spreadDeg,
      pairDistanceDeg: data.pairDistanceDeg,
      ...settings,
      steps: state.step,
    };
    await saveMeta(candidate, { ...baseMeta, training: { ...baseMeta.training, adaptation } });
    const adaptedNet = await loadDepthNet(candidate);
    const after = trackScores(adaptedNet, xys, evalPairs);
    const guard = await guardReport(opts.dataDir, shippedNet, adaptedNet);
    const result: AdaptResult = {
      accepted: guard.accepted,
      outDir: opts.outDir,
      track: data.track,
      frames: data.frames.length,
      candidatePairs: data.candidates.length,
      poseSpreadDeg: data.spreadDeg,
      steps: state.step,
      resumedFrom,
      onTrack: { before, after },
      teacher: teacher.report,
      guard,
    };
    if (guard.accepted) {
      await saveMeta(candidate, {
        ...baseMeta,
        training: { ...baseMeta.training, adaptation },
        metrics: { ...(baseMeta.metrics ?? {}), adaptation: { track: { before, after }, guard } },
      });
      for (const f of ['weights.bin', 'model.json', 'depthnet.json'])
        await rename(path.join(candidate, f), path.join(opts.outDir, f));
    } else {
      // Roll back: a previous adapted model in OUT (if any, --fresh) is removed rather than left looking
      // current; the refused one is kept in OUT/refused/ for inspection only.
      for (const f of ['depthnet.json', 'model.json', 'weights.bin'])
        await rm(path.join(opts.outDir, f), { force: true });
      await rm(path.join(opts.outDir, 'refused'), { recursive: true, force: true });
      await rename(candidate, path.join(opts.outDir, 'refused'));
    }
    await rm(candidate, { recursive: true, force: true });
    await writeFileAtomic(
      path.join(opts.outDir, 'adapt-report.json'),
      JSON.stringify(result, null, 2) + '\n',
    );
    return result;
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
