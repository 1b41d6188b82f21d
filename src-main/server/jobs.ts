// Long engine work (analysis, render, preview, depth) runs in worker threads, so the process answering the
// UI (Electron main or `depthswap serve`) never stalls. Progress, completion and failure become events.
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { EventSink } from './dispatch.ts';
import type { JobSpec, ParentMessage, WorkerMessage } from './job-messages.ts';

interface RunningJob {
  worker: Worker;
  kind: JobSpec['kind'];
  finished: boolean;
}

function isWorkerMessage(m: unknown): m is WorkerMessage {
  if (typeof m !== 'object' || m === null || !('type' in m)) return false;
  if (m.type === 'progress') return 'progress' in m;
  if (m.type === 'done') return 'outputPath' in m && typeof m.outputPath === 'string';
  if (m.type === 'failed') return 'error' in m && typeof m.error === 'string' && 'cancelled' in m;
  return false;
}

export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly workerUrl: URL;
  private readonly emit: EventSink;

  constructor(workerUrl: URL, emit: EventSink) {
    this.workerUrl = workerUrl;
    this.emit = emit;
  }

  start(spec: JobSpec): string {
    const jobId = randomUUID();
    const kind = spec.kind;
    const worker = new Worker(this.workerUrl, { workerData: { spec } });
    const job: RunningJob = { worker, kind, finished: false };
    this.jobs.set(jobId, job);
    const finish = () => {
      job.finished = true;
      this.jobs.delete(jobId);
      // Its work is done: engine handles in the thread (TF.js, ffmpeg cleanup hooks) must not keep it alive.
      void worker.terminate();
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
      if (job.finished) return;
      finish();
      this.emit('job.failed', {
        jobId,
        kind,
        error: `the ${kind} worker stopped unexpectedly (exit code ${code})`,
        cancelled: false,
      });
    });
    return jobId;
  }

  /** Asks the job to stop (it removes partial output), terminating it if it does not within 5 s. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.worker.postMessage({ type: 'cancel' } satisfies ParentMessage);
    setTimeout(() => {
      if (job.finished) return;
      job.finished = true;
      this.jobs.delete(jobId);
      void job.worker.terminate();
      this.emit('job.failed', { jobId, kind: job.kind, error: 'cancelled', cancelled: true });
    }, 5000).unref();
    return true;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.worker.terminate()));
    this.jobs.clear();
  }
}
