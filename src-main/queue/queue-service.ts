// The queue as the studio's engine keeps it: the database in the state folder, a runner working on it in
// the background for as long as the studio runs (it resumes interrupted jobs at start: their leases belong
// to a process that is gone), and a change listener fed from the runner's events, the service's own
// changes, and other processes' commits (`depthswap queue` in a terminal), seen through PRAGMA
// data_version. A database that cannot be opened is reported (the file is kept), not replaced.
import path from 'node:path';
import type { QueueJob } from '../../src-shared/queue/schema.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';
import type { RenderExecutor } from '../render/executor.ts';
import { openQueueDb, type Db } from './db.ts';
import { QueueError, QueueStore } from './queue-store.ts';
import { runQueue } from './queue-runner.ts';
import { addSpecJob } from './add-job.ts';

export interface QueueServiceOptions {
  dbPath: string;
  stateDir: string;
  modelDir: string;
  concurrency?: number;
  executor?: RenderExecutor;
  onChange: (jobs: QueueJob[]) => void;
  /** How often other processes' changes are looked for (ms, default 1000). */
  pollMs?: number;
}

export type QueueAction = 'pause' | 'resume' | 'cancel' | 'retry' | 'remove';

export class QueueService {
  private readonly opts: QueueServiceOptions;
  private store: QueueStore | null = null;
  private openError: string | null = null;
  private readonly stop = new AbortController();
  private running: Promise<unknown> | null = null;
  private poll: NodeJS.Timeout | null = null;
  private lastVersion = -1;
  private pending: NodeJS.Timeout | null = null;
  /** Live progress of running tasks (the database has it every heartbeat; this is every frame). */
  private readonly live = new Map<string, number>();

  constructor(opts: QueueServiceOptions) {
    this.opts = opts;
  }

  start(): void {
    try {
      this.store = new QueueStore(openQueueDb(this.opts.dbPath));
    } catch (err) {
      this.openError = err instanceof Error ? err.message : String(err);
      return;
    }
    const store = this.store;
    this.running = runQueue({
      store,
      segmentsDir: path.join(path.dirname(path.resolve(this.opts.dbPath)), 'segments'),
      modelDir: this.opts.modelDir,
      stateDir: this.opts.stateDir,
      concurrency: this.opts.concurrency ?? 1,
      watch: true,
      signal: this.stop.signal,
      ...(this.opts.executor ? { executor: this.opts.executor } : {}),
      onEvent: (e) => {
        const key = `${e.jobId}:${e.idx}`;
        if (e.type === 'task-progress' && e.progress.stage === 'swap' && e.progress.total > 0)
          this.live.set(key, e.progress.done / e.progress.total);
        else if (e.type !== 'task-progress') this.live.delete(key);
        this.changed();
      },
    }).catch((err: unknown) => {
      this.openError = `the queue runner stopped: ${err instanceof Error ? err.message : String(err)}`;
    });
    this.poll = setInterval(() => this.checkOthers(), this.opts.pollMs ?? 1000);
    this.poll.unref();
  }

  private db(): Db {
    if (!this.store) throw new QueueError(this.openError ?? 'the render queue is not open');
    return this.store.db;
  }

  private checkOthers(): void {
    if (!this.store) return;
    const v = (this.store.db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    if (v !== this.lastVersion) {
      this.lastVersion = v;
      this.changed();
    }
  }

  /** Coalesces bursts of changes (progress of every frame) into at most 4 events a second. */
  private changed(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      if (this.store) this.opts.onChange(this.jobs());
    }, 250);
    this.pending.unref();
  }

  jobs(): QueueJob[] {
    this.db();
    return this.store!.listJobs().map((j) => {
      if (j.state !== 'active') return j;
      const tasks = j.tasks.map((t) => {
        const live = this.live.get(`${j.id}:${t.idx}`);
        return t.state === 'active' && live !== undefined ? { ...t, progress: live } : t;
      });
      let done = 0;
      for (const t of tasks) if (t.kind === 'render') done += (t.end - t.start) * t.progress;
      return {
        ...j,
        tasks,
        framesDone: Math.round(done),
        progress: Math.min(0.99, done / Math.max(1, j.framesTotal)),
      };
    });
  }

  get status(): { db: string; error: string | null } {
    return { db: path.resolve(this.opts.dbPath), error: this.openError };
  }

  async add(spec: RenderSpec, opts: { chunkSize?: number; overwrite?: boolean }): Promise<string> {
    this.db();
    const id = await addSpecJob(this.store!, spec, opts);
    this.changed();
    return id;
  }

  control(jobId: string, action: QueueAction, chunk?: number): void {
    this.db();
    const s = this.store!;
    if (action === 'pause') s.pause(jobId);
    else if (action === 'resume') s.resume(jobId);
    else if (action === 'cancel') s.cancel(jobId);
    else if (action === 'remove') s.remove(jobId);
    else s.retry(jobId, chunk);
    this.changed();
  }

  reorder(ids: string[]): void {
    this.db();
    this.store!.reorder(ids);
    this.changed();
  }

  /** Stops the runner (running chunks are given back, to resume at the next start) and closes the file. */
  async dispose(): Promise<void> {
    this.stop.abort();
    if (this.poll) clearInterval(this.poll);
    if (this.pending) clearTimeout(this.pending);
    await this.running;
    this.store?.db.close();
    this.store = null;
  }
}
