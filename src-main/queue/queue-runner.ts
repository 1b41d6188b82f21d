// Runs the queue: claims tasks (task-leases.ts) up to `concurrency` at once, renders chunks through an
// executor (the local worker-thread one by default) into the job's segment folder, joins them when all are
// done (concat.ts: ProRes by -c:v copy; an H.264 job's chunks are lossless intermediates encoded once, as a
// one-pass render; audio and timecode for the whole range), and removes the segments. A chunk's
// segment is written under a temporary name by the frame writer and recorded only once complete, so after
// a kill -9 the next run resumes from the last finished chunk. Leases are renewed every few seconds; a
// paused or canceled job stops its running tasks (paused: queued again; canceled: canceled), as does the
// runner's signal (Ctrl-C: every running task is given back, nothing is lost).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EtaEstimator, type Progress } from '../../src-shared/progress.ts';
import { chunkExtension, needsIntermediate } from '../render/intermediate.ts';
import { concatSegments } from '../render/concat.ts';
import { HardTaskError, LocalExecutor, type RenderExecutor } from '../render/executor.ts';
import { CancelledError, isCancelled } from '../util/cancel.ts';
import type { QueueStore } from './queue-store.ts';
import { ownerId, TaskLeases, type ClaimedTask } from './task-leases.ts';

export interface QueueRunOptions {
  store: QueueStore;
  /** Segments live in `<segmentsDir>/<job id>/` until the job's join. */
  segmentsDir: string;
  modelDir: string;
  stateDir: string;
  concurrency?: number;
  executor?: RenderExecutor;
  /** Keep running when the queue is empty (the studio), instead of returning (`queue run`). */
  watch?: boolean;
  leaseMs?: number;
  heartbeatMs?: number;
  /** A task running longer than this is stopped and counted as a (soft) failure. Default 2 h. */
  taskTimeoutMs?: number;
  threads?: number;
  signal?: AbortSignal;
  onEvent?: (e: QueueRunEvent) => void;
}

export type QueueRunEvent =
  | { type: 'task-started'; jobId: string; idx: number; kind: 'render' | 'join'; owner: string }
  | { type: 'task-progress'; jobId: string; idx: number; progress: Progress }
  | { type: 'task-done'; jobId: string; idx: number }
  | { type: 'task-failed'; jobId: string; idx: number; error: string; final: boolean }
  | { type: 'task-released'; jobId: string; idx: number; why: string };

export interface QueueRunSummary {
  tasksCompleted: number;
  tasksFailed: number;
  /** True when the run stopped on its signal (Ctrl-C): running tasks were given back. */
  interrupted: boolean;
}

export function segmentPath(segmentsDir: string, task: ClaimedTask): string {
  const ext = chunkExtension(task.spec.preset.format);
  return path.join(segmentsDir, task.jobId, `chunk-${String(task.idx).padStart(5, '0')}${ext}`);
}

/** Partial files a killed runner left for this chunk (its final name never appeared). */
function removeStalePartials(file: string): void {
  const dir = path.dirname(file);
  const stem = `.${path.basename(file, path.extname(file))}.`;
  for (const name of readdirSync(dir))
    if (name.startsWith(stem) && name.includes('.partial')) rmSync(path.join(dir, name), { force: true });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function runQueue(opts: QueueRunOptions): Promise<QueueRunSummary> {
  const store = opts.store;
  const leases = new TaskLeases(store.db);
  const owner = ownerId();
  const leaseMs = opts.leaseMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? 2000;
  const timeoutMs = opts.taskTimeoutMs ?? 2 * 3600_000;
  const executor = opts.executor ?? new LocalExecutor();
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const emit = (e: QueueRunEvent) => opts.onEvent?.(e);
  const summary: QueueRunSummary = { tasksCompleted: 0, tasksFailed: 0, interrupted: false };
  const running = new Set<Promise<void>>();

  const runTask = async (task: ClaimedTask): Promise<void> => {
    emit({ type: 'task-started', jobId: task.jobId, idx: task.idx, kind: task.kind, owner });
    const stop = new AbortController();
    let why: 'runner' | 'paused' | 'canceled' | 'lease' | 'timeout' | null = null;
    const stopWith = (w: NonNullable<typeof why>) => {
      why ??= w;
      stop.abort(new CancelledError(w));
    };
    const onRunnerStop = () => stopWith('runner');
    opts.signal?.addEventListener('abort', onRunnerStop, { once: true });
    let last: Progress | null = null;
    const frames = task.range.end - task.range.start;
    const eta = new EtaEstimator(frames, task.kind);
    const started = Date.now();
    const beat = setInterval(() => {
      if (Date.now() - started > timeoutMs) stopWith('timeout');
      // A render's swap frames, or the join's encoded frames (an H.264 job's join encodes the whole range).
      const counted = last && (last.stage === 'swap' || task.kind === 'join');
      const fraction = counted && last && last.total > 0 ? last.done / last.total : 0;
      const e = last ? eta.update(Math.round(fraction * frames)).etaSeconds : null;
      const state = leases.heartbeat(owner, task.jobId, task.idx, leaseMs, fraction, e);
      if (state === null) stopWith('lease');
      else if (state === 'paused') stopWith('paused');
      else if (state === 'canceled') stopWith('canceled');
    }, heartbeatMs);
    try {
      let segment: string | null = null;
      if (task.kind === 'render') {
        segment = segmentPath(opts.segmentsDir, task);
        mkdirSync(path.dirname(segment), { recursive: true });
        removeStalePartials(segment);
        await executor.run(
          {
            spec: task.spec,
            part: task.range,
            out: segment,
            audio: false,
            timecode: false,
            overwrite: true,
            ...(needsIntermediate(task.spec.preset.format) ? { intermediate: true } : {}),
            modelDir: opts.modelDir,
            stateDir: opts.stateDir,
            ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
          },
          {
            signal: stop.signal,
            onProgress: (p) => {
              last = p;
              emit({ type: 'task-progress', jobId: task.jobId, idx: task.idx, progress: p });
            },
          },
        );
      } else {
        await concatSegments({
          segments: task.segments,
          out: task.spec.out,
          overwrite: task.overwrite,
          signal: stop.signal,
          onProgress: (p) => {
            last = p;
            emit({ type: 'task-progress', jobId: task.jobId, idx: task.idx, progress: p });
          },
        });
      }
      if (leases.complete(owner, task.jobId, task.idx, segment)) {
        summary.tasksCompleted++;
        emit({ type: 'task-done', jobId: task.jobId, idx: task.idx });
        if (task.kind === 'join')
          rmSync(path.join(opts.segmentsDir, task.jobId), { recursive: true, force: true });
      } else emit({ type: 'task-released', jobId: task.jobId, idx: task.idx, why: 'lease lost' });
    } catch (err) {
      if (why === 'timeout') {
        const final = leases.fail(
          owner,
          task.jobId,
          task.idx,
          `timed out after ${Math.round(timeoutMs / 1000)} s`,
        );
        emit({
          type: 'task-failed',
          jobId: task.jobId,
          idx: task.idx,
          error: 'timed out',
          final: final === 'failed',
        });
      } else if (why !== null || isCancelled(err, stop.signal)) {
        leases.release(owner, task.jobId, task.idx, why === 'canceled' ? 'canceled' : 'queued');
        emit({ type: 'task-released', jobId: task.jobId, idx: task.idx, why: why ?? 'cancelled' });
      } else {
        const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        const final = leases.fail(owner, task.jobId, task.idx, message, err instanceof HardTaskError);
        if (final === 'failed') summary.tasksFailed++;
        emit({
          type: 'task-failed',
          jobId: task.jobId,
          idx: task.idx,
          error: message,
          final: final === 'failed',
        });
      }
    } finally {
      clearInterval(beat);
      opts.signal?.removeEventListener('abort', onRunnerStop);
    }
  };

  while (!opts.signal?.aborted) {
    while (running.size < concurrency && !opts.signal?.aborted) {
      const task = leases.claim(owner, leaseMs);
      if (!task) break;
      const p: Promise<void> = runTask(task).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size === 0 && !opts.watch && !store.hasWork()) break;
    // Wait for a task to end, or poll (other runners' tasks, new jobs, expired leases).
    await Promise.race([...running, sleep(running.size > 0 ? 1000 : 500, opts.signal)]);
  }
  await Promise.allSettled([...running]);
  summary.interrupted = opts.signal?.aborted ?? false;
  return summary;
}
