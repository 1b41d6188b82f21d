// Runners' side of the queue: a runner claims one task at a time under a lease (owner host:pid:random +
// expiry), renews it while the task runs, and records the task completed (with its finished segment file),
// failed (soft: queued again up to 3 times) or released (pause, Ctrl-C). A task whose lease expired, or whose
// owner is a dead process on this host (kill -9, power cut), is queued again by the next claim: two runners
// never hold one task, and nothing is lost. Every claim and completion is logged (task_log).
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { parseRenderSpec, type RenderSpec } from '../../src-shared/render/spec.ts';
import { MAX_TASK_FAILURES, type JobState, type TaskState } from '../../src-shared/queue/schema.ts';
import { transaction, type Db } from './db.ts';
import type { JobRow, TaskRow } from './queue-store.ts';

/** A task a runner holds the lease of. */
export interface ClaimedTask {
  jobId: string;
  idx: number;
  kind: 'render' | 'join';
  range: { start: number; end: number };
  spec: RenderSpec;
  overwrite: boolean;
  /** Segments of the job's render tasks in order (join tasks only). */
  segments: string[];
}

/** This process as a lease owner. */
export function ownerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class TaskLeases {
  private readonly db: Db;
  private readonly now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
  }

  private jobRow(id: string): JobRow {
    return this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as unknown as JobRow;
  }

  private tasksOf(id: string): TaskRow[] {
    return this.db
      .prepare('SELECT * FROM tasks WHERE job_id = ? ORDER BY idx')
      .all(id) as unknown as TaskRow[];
  }

  private log(jobId: string, idx: number, owner: string, event: string, detail: string | null = null): void {
    this.db
      .prepare('INSERT INTO task_log (job_id, idx, owner, event, at, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(jobId, idx, owner, event, this.now(), detail);
  }

  /** Leases of runners that are gone (expired, or a dead process on this host) go back to the queue. */
  private reclaim(owner: string): void {
    const now = this.now();
    const host = os.hostname();
    const active = this.db
      .prepare(`SELECT job_id, idx, lease_owner, lease_until FROM tasks WHERE state = 'active'`)
      .all() as unknown as TaskRow[];
    for (const t of active) {
      const [h, pid] = (t.lease_owner ?? '').split(':');
      const dead = (t.lease_until ?? 0) < now || (h === host && pid !== undefined && !pidAlive(Number(pid)));
      if (!dead || t.lease_owner === owner) continue;
      this.db
        .prepare(
          `UPDATE tasks SET state = 'queued', lease_owner = NULL, lease_until = NULL, progress = 0
             WHERE job_id = ? AND idx = ? AND state = 'active'`,
        )
        .run(t.job_id, t.idx);
      this.log(t.job_id, t.idx, owner, 'reclaimed', t.lease_owner);
    }
  }

  /** The next task to run, leased to `owner` for `leaseMs`, or null when nothing can run now. */
  claim(owner: string, leaseMs: number): ClaimedTask | null {
    return transaction(this.db, () => {
      this.reclaim(owner);
      const t = this.db
        .prepare(
          `SELECT t.* FROM tasks t JOIN jobs j ON j.id = t.job_id
             WHERE j.state IN ('queued', 'active') AND t.state = 'queued'
               AND (t.kind = 'render' OR NOT EXISTS (SELECT 1 FROM tasks r WHERE r.job_id = t.job_id
                     AND r.kind = 'render' AND r.state != 'completed'))
             ORDER BY j.priority DESC, j.position, t.idx LIMIT 1`,
        )
        .get() as TaskRow | undefined;
      if (!t) return null;
      const now = this.now();
      this.db
        .prepare(
          `UPDATE tasks SET state = 'active', lease_owner = ?, lease_until = ?, progress = 0, error = NULL,
             started_at = ? WHERE job_id = ? AND idx = ?`,
        )
        .run(owner, now + leaseMs, now, t.job_id, t.idx);
      this.db
        .prepare(
          `UPDATE jobs SET state = 'active', started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ?`,
        )
        .run(now, now, t.job_id);
      this.log(t.job_id, t.idx, owner, 'claimed');
      const job = this.jobRow(t.job_id);
      const segments =
        t.kind === 'join'
          ? this.tasksOf(t.job_id)
              .filter((r) => r.kind === 'render')
              .map((r) => r.segment ?? '')
          : [];
      return {
        jobId: t.job_id,
        idx: t.idx,
        kind: t.kind,
        range: { start: t.start_frame, end: t.end_frame },
        spec: parseRenderSpec(JSON.parse(job.spec), `job ${job.id}`),
        overwrite: job.overwrite === 1,
        segments,
      };
    });
  }

  private holds(owner: string, jobId: string, idx: number): boolean {
    const t = this.db
      .prepare('SELECT state, lease_owner FROM tasks WHERE job_id = ? AND idx = ?')
      .get(jobId, idx) as { state: TaskState; lease_owner: string | null } | undefined;
    return t?.state === 'active' && t.lease_owner === owner;
  }

  /**
   * Renews the lease and records progress; returns the job's state (the runner stops the task when it is
   * paused or canceled), or null when the lease is lost (another runner took the task over): stop at once.
   */
  heartbeat(
    owner: string,
    jobId: string,
    idx: number,
    leaseMs: number,
    progress: number,
    eta: number | null,
  ) {
    return transaction(this.db, (): JobState | null => {
      if (!this.holds(owner, jobId, idx)) return null;
      const now = this.now();
      this.db
        .prepare('UPDATE tasks SET lease_until = ?, progress = ? WHERE job_id = ? AND idx = ?')
        .run(now + leaseMs, Math.max(0, Math.min(1, progress)), jobId, idx);
      if (eta !== null) this.db.prepare('UPDATE jobs SET eta_seconds = ? WHERE id = ?').run(eta, jobId);
      return this.jobRow(jobId).state;
    });
  }

  /** Records a finished task (its segment complete on disk); false when the lease was lost meanwhile. */
  complete(owner: string, jobId: string, idx: number, segment: string | null): boolean {
    return transaction(this.db, () => {
      if (!this.holds(owner, jobId, idx)) return false;
      const now = this.now();
      this.db
        .prepare(
          `UPDATE tasks SET state = 'completed', segment = ?, progress = 1, lease_owner = NULL, lease_until = NULL,
             finished_at = ? WHERE job_id = ? AND idx = ?`,
        )
        .run(segment, now, jobId, idx);
      this.log(jobId, idx, owner, 'completed', segment);
      const left = this.db
        .prepare(`SELECT count(*) AS n FROM tasks WHERE job_id = ? AND state != 'completed'`)
        .get(jobId) as { n: number };
      if (left.n === 0)
        this.db
          .prepare(
            `UPDATE jobs SET state = 'completed', finished_at = ?, updated_at = ?, eta_seconds = NULL WHERE id = ?`,
          )
          .run(now, now, jobId);
      return true;
    });
  }

  /** Gives a task back unfinished (pause, Ctrl-C): queued again, not counted as a failure. */
  release(owner: string, jobId: string, idx: number, state: 'queued' | 'canceled' = 'queued'): void {
    transaction(this.db, () => {
      if (!this.holds(owner, jobId, idx)) return;
      this.db
        .prepare(
          `UPDATE tasks SET state = ?, lease_owner = NULL, lease_until = NULL, progress = 0 WHERE job_id = ? AND idx = ?`,
        )
        .run(state, jobId, idx);
      this.log(jobId, idx, owner, 'released', state);
    });
  }

  /**
   * A failed attempt: queued again while failures < 3 (soft fail), else the task fails and so does its job
   * (with the reason; its other tasks are canceled). `hard`: no retry (e.g. a missing input file).
   */
  fail(owner: string, jobId: string, idx: number, error: string, hard = false): 'retry' | 'failed' {
    return transaction(this.db, () => {
      if (!this.holds(owner, jobId, idx)) return 'failed';
      const t = this.db
        .prepare('SELECT * FROM tasks WHERE job_id = ? AND idx = ?')
        .get(jobId, idx) as unknown as TaskRow;
      const failures = t.failures + 1;
      const final = hard || failures >= MAX_TASK_FAILURES;
      this.db
        .prepare(
          `UPDATE tasks SET state = ?, failures = ?, error = ?, lease_owner = NULL, lease_until = NULL, progress = 0
             WHERE job_id = ? AND idx = ?`,
        )
        .run(final ? 'failed' : 'queued', failures, error, jobId, idx);
      this.log(jobId, idx, owner, final ? 'failed' : 'soft-failed', error);
      if (final) {
        const what =
          t.kind === 'join' ? 'the join' : `chunk ${idx} (frames ${t.start_frame}-${t.end_frame - 1})`;
        const now = this.now();
        this.db
          .prepare(
            `UPDATE jobs SET state = 'failed', error = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
          )
          .run(`${what} failed: ${error}`, now, now, jobId);
        this.db
          .prepare(`UPDATE tasks SET state = 'canceled' WHERE job_id = ? AND state = 'queued'`)
          .run(jobId);
      }
      return final ? 'failed' : 'retry';
    });
  }

  /** How often each task was recorded completed (the bench checks no chunk is done twice). */
  completions(): { jobId: string; idx: number; n: number }[] {
    return (
      this.db
        .prepare(
          `SELECT job_id, idx, count(*) AS n FROM task_log WHERE event = 'completed' GROUP BY job_id, idx`,
        )
        .all() as { job_id: string; idx: number; n: number }[]
    ).map((r) => ({ jobId: r.job_id, idx: r.idx, n: r.n }));
  }
}
