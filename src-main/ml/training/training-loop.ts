// The training loop every model family shares: steps from a resumed step count to a budget, a checkpoint
// every `checkpointEvery` steps and at the end, and on cancellation (checkpoint first, then
// CancelledError), progress with rate and ETA, and a yield to the event loop now and then (so a signal or
// Ctrl-C is seen). Seeding is the family's: each step's randomness derives from (seed, step)
// (src-shared/depthnet/rng.ts mixSeed), so a resumed run continues as an uninterrupted one would.
import { CancelledError } from '../../util/cancel.ts';
import { EtaEstimator, type ProgressListener } from '../../../src-shared/progress.ts';

export interface TrainingLoopOptions {
  /** The step count to continue from (0 for a fresh run). */
  from: number;
  /** Total steps (the budget). */
  steps: number;
  checkpointEvery: number;
  stage?: string;
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** Runs step `step` (0-based); returns the progress message. */
  runStep(step: number): string | Promise<string>;
  /** Saves a checkpoint after `done` steps. */
  checkpoint(done: number): Promise<void>;
  /** Called after every step with the steps done (e.g. for sample sheets). */
  afterStep?: ((done: number) => Promise<void>) | undefined;
  /** Yield to the event loop every this many steps (default 50). */
  yieldEvery?: number;
  cancelMessage?: string;
}

/** Runs the loop; returns the step count reached (== steps unless it throws). */
export async function runTrainingLoop(opts: TrainingLoopOptions): Promise<number> {
  const eta = new EtaEstimator(opts.steps, opts.stage ?? 'train');
  const yieldEvery = opts.yieldEvery ?? 50;
  let step = opts.from;
  while (step < opts.steps) {
    if (opts.signal?.aborted) {
      await opts.checkpoint(step);
      throw new CancelledError(
        opts.cancelMessage ?? 'training cancelled (checkpoint saved; run again to resume)',
      );
    }
    const message = await opts.runStep(step);
    step++;
    opts.onProgress?.(eta.update(step, Date.now(), message));
    if (step % opts.checkpointEvery === 0 || step === opts.steps) await opts.checkpoint(step);
    if (opts.afterStep) await opts.afterStep(step);
    if (step % yieldEvery === 0) await new Promise((r) => setImmediate(r));
  }
  return step;
}

/** Settings a checkpoint must share to be resumed (the step budget may grow: train longer). */
export function resumableSettings<T extends { steps: number }>(s: T): Record<string, unknown> {
  const { steps: _steps, ...rest } = s;
  return rest;
}

/** Throws the one error for a checkpoint made with other settings. */
export function checkSameSettings(ckpt: string, saved: unknown, wanted: unknown): void {
  if (JSON.stringify(saved) !== JSON.stringify(wanted)) {
    throw new Error(
      `${ckpt} was made with other settings (${JSON.stringify(saved)}); use --fresh or another --out`,
    );
  }
}
