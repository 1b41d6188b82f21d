// Runs one analysis chunk (clip-chunk.ts) in a worker thread (analysis-worker.ts) with its own models.
// Aborting `signal` terminates the worker; the promise settles only once the worker has exited.
import { Worker } from 'node:worker_threads';
import type { ChunkRequest, ChunkResult } from './clip-chunk.ts';
import { CancelledError } from '../util/cancel.ts';

export interface ChunkWorkerInit {
  modelDir: string;
  request: ChunkRequest;
}

export type ChunkWorkerMessage =
  { type: 'frame' } | { type: 'done'; result: ChunkResult } | { type: 'error'; message: string };

let live = 0;
/** Analysis workers started and not yet exited (for tests and diagnostics). */
export function liveAnalysisWorkers(): number {
  return live;
}

export function runChunkInWorker(
  init: ChunkWorkerInit,
  opts: { signal?: AbortSignal; onFrame?: () => void } = {},
): Promise<ChunkResult> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise<ChunkResult>((resolve, reject) => {
    const worker = new Worker(new URL('./analysis-worker.ts', import.meta.url), { workerData: init });
    live++;
    let outcome: { ok: true; result: ChunkResult } | { ok: false; error: Error } | null = null;
    const fail = (error: Error): void => {
      outcome ??= { ok: false, error };
      void worker.terminate();
    };
    const onAbort = (): void => fail(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: ChunkWorkerMessage) => {
      if (m.type === 'frame') opts.onFrame?.();
      else if (m.type === 'done') {
        outcome ??= { ok: true, result: m.result };
        void worker.terminate();
      } else fail(new Error(`analysis worker: ${m.message}`));
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => {
      live--;
      signal?.removeEventListener('abort', onAbort);
      const o = outcome ?? { ok: false as const, error: new Error(`analysis worker exited (code ${code})`) };
      if (o.ok) resolve(o.result);
      else reject(o.error);
    });
  });
}
