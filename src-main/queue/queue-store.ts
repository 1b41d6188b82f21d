// The render queue's jobs and tasks in the database (db.ts): adding a job splits its range into chunk tasks
// plus a final join task; runners claim one task at a time under a lease (owner + expiry, renewed while the
// task runs), so two runners on one database never render the same chunk; a finished chunk is recorded
// with its segment file only once the file is complete. Soft failures retry a task up to 3 times; then the
// task and its job fail with the reason, and the other jobs go on. Reorder, pause, resume, cancel, retry.
import { randomUUID } from 'node:crypto';
import { parseRenderSpec, type RenderSpec } from '../../src-shared/render/spec.ts';
import { chunkRanges } from '../render/context.ts';
import {
  DEFAULT_CHUNK_SIZE,
  type JobState,
  type QueueJob,
  type QueueTask,
  type TaskState,
} from '../../src-shared/queue/schema.ts';
import { transaction, type Db } from './db.ts';

export interface JobRow {
  id: string;
  name: string;
  spec: string;
  out: string;
  state: JobState;
  priority: number;
  position: number;
  chunk_size: number;
  overwrite: number;
  frames_total: number;
  frames_done: number;
  eta_seconds: number | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface TaskRow {
  job_id: string;
  idx: number;
  kind: 'render' | 'join';
  start_frame: number;
  end_frame: number;
  state: TaskState;
  failures: number;
  lease_owner: string | null;
  lease_until: number | null;
  progress: number;
  segment: string | null;
  error: string | null;
}

export class QueueError extends Error {
  override name = 'QueueError';
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class QueueStore {
  readonly db: Db;
  private readonly now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
  }

  addJob(
    spec: RenderSpec,
    opts: { chunkSize?: number; priority?: number; overwrite?: boolean } = {},
  ): string {
    const valid = parseRenderSpec(spec);
    const size = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const chunks = chunkRanges(valid.range, size);
    const id = randomUUID().slice(0, 8);
    const t = this.now();
    transaction(this.db, () => {
      const last = this.db.prepare('SELECT max(position) AS p FROM jobs').get() as { p: number | null };
      this.db
        .prepare(
          `INSERT INTO jobs (id, name, spec, out, state, priority, position, chunk_size, overwrite, frames_total,
             created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          valid.name,
          JSON.stringify(valid),
          valid.out,
          opts.priority ?? 50,
          (last.p ?? 0) + 1,
          size,
          opts.overwrite ? 1 : 0,
          valid.range.end - valid.range.start,
          t,
          t,
        );
      const insert = this.db.prepare(
        `INSERT INTO tasks (job_id, idx, kind, start_frame, end_frame, state) VALUES (?, ?, ?, ?, ?, 'queued')`,
      );
      chunks.forEach((c, i) => insert.run(id, i, 'render', c.start, c.end));
      insert.run(id, chunks.length, 'join', valid.range.start, valid.range.end);
    });
    return id;
  }

  private jobRow(id: string): JobRow {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new QueueError(`no job '${id}' in the queue`);
    return row;
  }

  private tasksOf(id: string): TaskRow[] {
    return this.db
      .prepare('SELECT * FROM tasks WHERE job_id = ? ORDER BY idx')
      .all(id) as unknown as TaskRow[];
  }

  private view(row: JobRow, tasks: TaskRow[]): QueueJob {
    const spec = JSON.parse(row.spec) as { preset?: { format?: string } };
    let done = 0;
    for (const t of tasks)
      if (t.kind === 'render')
        done += (t.end_frame - t.start_frame) * (t.state === 'completed' ? 1 : t.progress);
    const joined = tasks.some((t) => t.kind === 'join' && t.state === 'completed');
    const total = Math.max(1, row.frames_total);
    return {
      id: row.id,
      name: row.name,
      out: row.out,
      format: spec.preset?.format ?? '',
      state: row.state,
      priority: row.priority,
      position: row.position,
      chunkSize: row.chunk_size,
      framesTotal: row.frames_total,
      framesDone: Math.round(done),
      progress: joined ? 1 : Math.min(0.99, done / total),
      etaSeconds: row.state === 'active' ? row.eta_seconds : null,
      error: row.error,
      createdAt: iso(row.created_at)!,
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      tasks: tasks.map((t): QueueTask => ({
        idx: t.idx,
        kind: t.kind,
        start: t.start_frame,
        end: t.end_frame,
        state: t.state,
        failures: t.failures,
        progress: t.state === 'completed' ? 1 : t.progress,
        owner: t.state === 'active' ? t.lease_owner : null,
        error: t.error,
      })),
    };
  }

  getJob(id: string): QueueJob {
    return this.view(this.jobRow(id), this.tasksOf(id));
  }

  /** Every job in queue order (priority, then position); finished ones after, newest first. */
  listJobs(): QueueJob[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs ORDER BY state IN ('completed', 'failed', 'canceled'),
           CASE WHEN state IN ('completed', 'failed', 'canceled') THEN -coalesce(finished_at, updated_at) ELSE 0 END,
           priority DESC, position`,
      )
      .all() as unknown as JobRow[];
    const tasks = this.db.prepare('SELECT * FROM tasks ORDER BY job_id, idx').all() as unknown as TaskRow[];
    const byJob = new Map<string, TaskRow[]>();
    for (const t of tasks) byJob.set(t.job_id, [...(byJob.get(t.job_id) ?? []), t]);
    return rows.map((r) => this.view(r, byJob.get(r.id) ?? []));
  }

  private setJob(id: string, from: readonly JobState[], to: JobState, extra = ''): void {
    const row = this.jobRow(id);
    if (!from.includes(row.state))
      throw new QueueError(
        `job ${id} is ${row.state}: it cannot be made ${to} (only when ${from.join(' or ')})`,
      );
    this.db.prepare(`UPDATE jobs SET state = ?, updated_at = ?${extra} WHERE id = ?`).run(to, this.now(), id);
  }

  pause(id: string): void {
    transaction(this.db, () => this.setJob(id, ['queued', 'active'], 'paused'));
  }

  resume(id: string): void {
    transaction(this.db, () => this.setJob(id, ['paused'], 'queued'));
  }

  cancel(id: string): void {
    transaction(this.db, () => {
      this.setJob(id, ['queued', 'active', 'paused', 'failed'], 'canceled', `, finished_at = ${this.now()}`);
      this.db
        .prepare(
          `UPDATE tasks SET state = 'canceled' WHERE job_id = ? AND state IN ('queued', 'active', 'failed')`,
        )
        .run(id);
    });
  }

  /** A failed or canceled job again (its failed / canceled tasks from the start), or one task of it. */
  retry(id: string, idx?: number): void {
    transaction(this.db, () => {
      const row = this.jobRow(id);
      if (idx !== undefined) {
        const t = this.db.prepare('SELECT state FROM tasks WHERE job_id = ? AND idx = ?').get(id, idx) as
          { state: TaskState } | undefined;
        if (!t) throw new QueueError(`job ${id} has no chunk ${idx}`);
        if (t.state !== 'failed' && t.state !== 'canceled')
          throw new QueueError(
            `chunk ${idx} of job ${id} is ${t.state}: only a failed or canceled chunk is retried`,
          );
        this.db
          .prepare(
            `UPDATE tasks SET state = 'queued', failures = 0, error = NULL, progress = 0 WHERE job_id = ? AND idx = ?`,
          )
          .run(id, idx);
      } else {
        if (!['failed', 'canceled'].includes(row.state))
          throw new QueueError(`job ${id} is ${row.state}: only a failed or canceled job is retried`);
        this.db
          .prepare(
            `UPDATE tasks SET state = 'queued', failures = 0, error = NULL, progress = 0
               WHERE job_id = ? AND state IN ('failed', 'canceled')`,
          )
          .run(id);
      }
      if (['failed', 'canceled', 'completed'].includes(row.state) || idx === undefined)
        this.db
          .prepare(
            `UPDATE jobs SET state = 'queued', error = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`,
          )
          .run(this.now(), id);
    });
  }

  /** Puts the queued jobs in this order (ids not named keep their place after them). */
  reorder(ids: string[]): void {
    transaction(this.db, () => {
      ids.forEach((id) => this.jobRow(id));
      const rest = (this.db.prepare('SELECT id FROM jobs ORDER BY position').all() as { id: string }[])
        .map((r) => r.id)
        .filter((id) => !ids.includes(id));
      const set = this.db.prepare('UPDATE jobs SET position = ?, updated_at = ? WHERE id = ?');
      [...ids, ...rest].forEach((id, i) => set.run(i + 1, this.now(), id));
    });
  }

  setPriority(id: string, priority: number): void {
    this.jobRow(id);
    this.db
      .prepare('UPDATE jobs SET priority = ?, updated_at = ? WHERE id = ?')
      .run(priority, this.now(), id);
  }

  /** Removes a finished job (completed, failed, canceled) from the history. */
  remove(id: string): void {
    const row = this.jobRow(id);
    if (!['completed', 'failed', 'canceled'].includes(row.state))
      throw new QueueError(`job ${id} is ${row.state}: cancel it first`);
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  }

  /** True while some job can still make progress (queued or active, not paused). */
  hasWork(): boolean {
    const r = this.db.prepare(`SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'active')`).get() as {
      n: number;
    };
    return r.n > 0;
  }
}
