// How a render task is run, apart from what it is: the queue hands a RenderTaskRequest (the job's spec, the
// part to render, where to write it) to an executor. The local executor runs it in a worker thread of this
// process (render-worker.ts), so the runner's thread keeps renewing leases and answering while frames
// render; a farm executor (Slurm, Deadline, OpenCue) runs the same request on a node through
// `depthswap render`.
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { Progress, ProgressListener } from '../../src-shared/progress.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';
import { CancelledError } from '../util/cancel.ts';

export interface RenderTaskRequest {
  spec: RenderSpec;
  part: FrameRange;
  out: string;
  audio: boolean;
  timecode: boolean;
  overwrite: boolean;
  /** Render a lossless intermediate (.mkv) that the job's join encodes (render/intermediate.ts). */
  intermediate?: boolean;
  modelDir: string;
  stateDir: string;
  threads?: number;
}

/** A failure that no retry can mend (a missing input, a bad spec): the task fails at once. */
export class HardTaskError extends Error {
  override name = 'HardTaskError';
}

export interface RenderExecutor {
  run(req: RenderTaskRequest, hooks: { signal: AbortSignal; onProgress: ProgressListener }): Promise<string>;
}

const ProgressSchema = z.object({
  stage: z.string(),
  done: z.number(),
  total: z.number(),
  rate: z.number(),
  etaSeconds: z.number().nullable(),
  message: z.string().optional(),
});

export const WorkerReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: ProgressSchema }),
  z.object({ type: z.literal('done'), out: z.string() }),
  z.object({ type: z.literal('failed'), error: z.string(), hard: z.boolean(), cancelled: z.boolean() }),
]);
export type WorkerReply = z.infer<typeof WorkerReplySchema>;

export class LocalExecutor implements RenderExecutor {
  private readonly workerUrl: URL;

  constructor(workerUrl: URL = new URL('./render-worker.ts', import.meta.url)) {
    this.workerUrl = workerUrl;
  }

  run(req: RenderTaskRequest, hooks: { signal: AbortSignal; onProgress: ProgressListener }): Promise<string> {
    if (hooks.signal.aborted) return Promise.reject(new CancelledError());
    const worker = new Worker(this.workerUrl, { workerData: { request: req } });
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        hooks.signal.removeEventListener('abort', onAbort);
        clearTimeout(killTimer);
        void worker.terminate();
        fn();
      };
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        worker.postMessage({ type: 'cancel' });
        // The worker removes its partial output and answers; if it does not within 5 s it is terminated.
        killTimer = setTimeout(() => finish(() => reject(new CancelledError())), 5000);
        killTimer.unref();
      };
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: unknown) => {
        const msg = WorkerReplySchema.safeParse(m);
        if (!msg.success) return;
        const r = msg.data;
        if (r.type === 'progress') hooks.onProgress(r.progress as Progress);
        else if (r.type === 'done') finish(() => resolve(r.out));
        else
          finish(() =>
            reject(
              r.cancelled ? new CancelledError() : r.hard ? new HardTaskError(r.error) : new Error(r.error),
            ),
          );
      });
      worker.on('error', (err) => finish(() => reject(err)));
      worker.on('exit', (code) =>
        finish(() => reject(new Error(`the render worker stopped unexpectedly (exit code ${code})`))),
      );
    });
  }
}
