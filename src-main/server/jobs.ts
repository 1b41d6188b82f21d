// Long engine work (analysis, render, preview, depth) runs in worker threads, so the process answering the
// UI (Electron main or `depthswap serve`) never stalls. Progress, completion and failure become events.
// At most `limits.running` jobs run at once (a swap worker holds hundreds of MiB); later ones wait in a
// queue, in order, and a queued job can be cancelled. Previews have their own small allowance so that a long
// render never blocks the viewer. A worker that exits or is terminated mid-write leaves no partial file
// (util/partial-files.ts), and dispose() lets running jobs stop cleanly before terminating them.
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { EventSink } from './dispatch.ts';
import type { JobSpec, ParentMessage, WorkerMessage } from './job-messages.ts';
import { removeWorkerPartials, watchWorkerPartials } from '../util/partial-files.ts';
import { MAX_RUNNING_JOBS } from '../util/limits.ts';

interface RunningJob {
  worker: Worker;
  thread: number;
  kind: JobSpec['kind'];
  finished: boolean;
}

interface QueuedJob {
  jobId: string;
  spec: JobSpec;
}

export interface JobLimits {
  /** Analysis, render and depth jobs running at once. */
  running: number;
  /** Previews running at once (besides the others). */
  previews: number;
}

const DEFAULT_LIMITS: JobLimits = { running: MAX_RUNNING_JOBS, previews: 2 };

function isWorkerMessage(m: unknown): m is WorkerMessage {
  if (typeof m !== 'object' || m === null || !('type' in m)) return false;
  if (m.type === 'progress') return 'progress' in m;
  if (m.type === 'done') return 'outputPath' in m && typeof m.outputPath === 'string';
  if (m.type === 'failed') return 'error' in m && typeof m.error === 'string' && 'cancelled' in m;
  return false;
}

// A source check is as quick as a preview (a cached detection and a pass over the analysis).
const lane = (kind: JobSpec['kind']) =>
  kind === 'preview' || kind === 'source-check' ? 'previews' : 'running';

export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly queue: QueuedJob[] = [];
  private readonly workerUrl: URL;
  private readonly emit: EventSink;
  private readonly limits: JobLimits;

  constructor(workerUrl: URL, emit: EventSink, limits: Partial<JobLimits> = {}) {
    this.workerUrl = workerUrl;
    this.emit = emit;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    watchWorkerPartials();
  }

  /** Jobs running and waiting. */
  get counts(): { running: number; queued: number } {
    return { running: this.jobs.size, queued: this.queue.length };
  }

  start(spec: JobSpec): string {
    const jobId = randomUUID();
    this.queue.push({ jobId, spec });
    this.pump();
    return jobId;
  }

  private runningIn(l: keyof JobLimits): number {
    let n = 0;
    for (const j of this.jobs.values()) if (lane(j.kind) === l) n++;
    return n;
  }

  /** Starts queued jobs while their lane has room (in order within a lane). */
  private pump(): void {
    for (let i = 0; i < this.queue.length;) {
      const q = this.queue[i]!;
      const l = lane(q.spec.kind);
      if (this.runningIn(l) >= this.limits[l]) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.launch(q.jobId, q.spec);
    }
  }

  private launch(jobId: string, spec: JobSpec): void {
    const kind = spec.kind;
    const worker = new Worker(this.workerUrl, { workerData: { spec } });
    const job: RunningJob = { worker, thread: worker.threadId, kind, finished: false };
    this.jobs.set(jobId, job);
    const finish = () => {
      job.finished = true;
      this.jobs.delete(jobId);
      // Its work is done: engine handles in the thread (TF.js, ffmpeg cleanup hooks) must not keep it alive.
      void worker.terminate();
      this.pump();
    };
    worker.on('message', (msg: unknown) => {
      if (job.finished || !isWorkerMessage(msg)) return;
      if (msg.type === 'progress') {
        this.emit('job.progress', { jobId, kind, progress: msg.progress });
      } else if (msg.type === 'done') {
        finish();
        this.emit('job.done', { jobId, kind, outputPath: msg.outputPath });
      } else {
        finish();
        this.emit('job.failed', { jobId, kind, error: msg.error, cancelled: msg.cancelled });
      }
    });
    worker.on('error', (err) => {
      if (job.finished) return;
      finish();
      this.emit('job.failed', { jobId, kind, error: err.message, cancelled: false });
    });
    worker.on('exit', (code) => {
      removeWorkerPartials(job.thread);
      if (job.finished) return;
      finish();
      this.emit('job.failed', {
        jobId,
        kind,
        error: `the ${kind} worker stopped unexpectedly (exit code ${code})`,
        cancelled: false,
      });
    });
  }

  /** Asks the job to stop (it removes partial output), terminating it if it does not within 5 s. */
  cancel(jobId: string): boolean {
    const queued = this.queue.findIndex((q) => q.jobId === jobId);
    if (queued >= 0) {
      const [q] = this.queue.splice(queued, 1);
      this.emit('job.failed', { jobId, kind: q!.spec.kind, error: 'cancelled', cancelled: true });
      return true;
    }
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.worker.postMessage({ type: 'cancel' } satisfies ParentMessage);
    setTimeout(() => {
      if (job.finished) return;
      job.finished = true;
      this.jobs.delete(jobId);
      void job.worker.terminate();
      this.emit('job.failed', { jobId, kind: job.kind, error: 'cancelled', cancelled: true });
      this.pump();
    }, 5000).unref();
    return true;
  }

  /** Drops the queue, asks running jobs to stop (up to `graceMs`), then terminates what is left. */
  async dispose(graceMs = 3000): Promise<void> {
    this.queue.length = 0;
    const running = [...this.jobs.values()];
    this.jobs.clear();
    await Promise.all(
      running.map(async (j) => {
        const exited = new Promise<void>((resolve) => j.worker.once('exit', () => resolve()));
        j.worker.postMessage({ type: 'cancel' } satisfies ParentMessage);
        const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
        await Promise.race([exited, timer]);
        await j.worker.terminate();
        removeWorkerPartials(j.thread);
      }),
    );
  }
}
