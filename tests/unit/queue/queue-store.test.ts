// The queue's bookkeeping on a real SQLite file: chunking, claim order (priority, position, then the join
// only after every chunk), leases (two stores on one file never hold one task; a dead owner's task is
// reclaimed), soft-fail retries up to 3, pause / resume / cancel / retry, reorder, and the database checks
// (pragmas, schema version, a newer or foreign file refused untouched).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openQueueDb, QUEUE_SCHEMA_VERSION } from '../../../src-main/queue/db.ts';
import { QueueStore } from '../../../src-main/queue/queue-store.ts';
import { TaskLeases } from '../../../src-main/queue/task-leases.ts';
import { testOutputDir } from '../../support/shared-data.ts';
import { testSpec } from '../../support/render-spec.ts';

const dir = testOutputDir('queue-store');
let n = 0;
const fresh = () => path.join(dir, `q${n++}.sqlite`);

describe('queue store', () => {
  beforeEach(() => mkdirSync(dir, { recursive: true }));

  it('opens with WAL, synchronous=FULL, a busy timeout and the schema version', () => {
    const db = openQueueDb(fresh());
    const get = (p: string) => Object.values(db.prepare(`PRAGMA ${p}`).get() as object)[0];
    expect(get('journal_mode')).toBe('wal');
    expect(get('synchronous')).toBe(2);
    expect(Number(get('busy_timeout'))).toBeGreaterThan(0);
    expect(get('user_version')).toBe(QUEUE_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a newer schema and a foreign SQLite file, leaving them untouched', () => {
    const newer = fresh();
    const db = openQueueDb(newer);
    db.exec(`PRAGMA user_version = ${QUEUE_SCHEMA_VERSION + 1}`);
    db.close();
    const bytes = readFileSync(newer);
    expect(() => openQueueDb(newer)).toThrow(/newer version.*left untouched/);
    expect(readFileSync(newer).equals(bytes)).toBe(true);
    const foreign = fresh();
    const other = openQueueDb(foreign);
    other.exec('PRAGMA application_id = 42');
    other.close();
    expect(() => openQueueDb(foreign)).toThrow(/another program/);
  });

  it('splits a job into chunks and a join; the join is claimed only after every chunk', () => {
    const store = new QueueStore(openQueueDb(fresh()));
    const leases = new TaskLeases(store.db);
    const id = store.addJob(testSpec('/out/a.mov', 120), { chunkSize: 50 });
    const job = store.getJob(id);
    expect(job.tasks.map((t) => [t.kind, t.start, t.end])).toEqual([
      ['render', 0, 50],
      ['render', 50, 100],
      ['render', 100, 120],
      ['join', 0, 120],
    ]);
    const a = leases.claim('A', 60_000)!;
    const b = leases.claim('B', 60_000)!;
    const c = leases.claim('C', 60_000)!;
    expect([a.idx, b.idx, c.idx]).toEqual([0, 1, 2]);
    expect(leases.claim('D', 60_000)).toBeNull(); // the join waits for the chunks
    expect(leases.complete('B', id, 0, '/seg/0')).toBe(false); // not B's lease
    for (const [o, t] of [
      ['A', a],
      ['B', b],
      ['C', c],
    ] as const)
      expect(leases.complete(o, id, t.idx, `/seg/${t.idx}`)).toBe(true);
    const join = leases.claim('D', 60_000)!;
    expect(join.kind).toBe('join');
    expect(join.segments).toEqual(['/seg/0', '/seg/1', '/seg/2']);
    expect(leases.complete('D', id, join.idx, null)).toBe(true);
    expect(store.getJob(id).state).toBe('completed');
    expect(store.getJob(id).progress).toBe(1);
  });

  it('two stores on one file never hold the same task', () => {
    const file = fresh();
    const s1 = new QueueStore(openQueueDb(file));
    const s2 = new QueueStore(openQueueDb(file));
    s1.addJob(testSpec('/out/b.mov', 500), { chunkSize: 10 });
    const l1 = new TaskLeases(s1.db);
    const l2 = new TaskLeases(s2.db);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      for (const [o, l] of [
        ['one', l1],
        ['two', l2],
      ] as const) {
        const t = l.claim(o, 60_000);
        if (!t) continue;
        const key = `${t.jobId}:${t.idx}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(l.complete(o, t.jobId, t.idx, `/seg/${t.idx}`)).toBe(true);
      }
    }
    expect(seen.size).toBe(51);
    expect(l1.completions().every((c) => c.n === 1)).toBe(true);
  });

  it('reclaims an expired lease; a late heartbeat of the old owner learns it lost the task', () => {
    let now = 1_000_000;
    const file = fresh();
    const store = new QueueStore(openQueueDb(file), () => now);
    const leases = new TaskLeases(store.db, () => now);
    const id = store.addJob(testSpec('/out/c.mov', 10), { chunkSize: 10 });
    expect(leases.claim('old', 1000)?.idx).toBe(0);
    now += 5000;
    expect(leases.claim('new', 1000)?.idx).toBe(0);
    expect(leases.heartbeat('old', id, 0, 1000, 0.5, null)).toBeNull();
    expect(leases.heartbeat('new', id, 0, 1000, 0.5, 3)).toBe('active');
  });

  it('soft-fails up to 3 times, then fails the job with the reason and cancels its other chunks', () => {
    const store = new QueueStore(openQueueDb(fresh()));
    const leases = new TaskLeases(store.db);
    const id = store.addJob(testSpec('/out/d.mov', 20), { chunkSize: 10 });
    const other = store.addJob(testSpec('/out/e.mov', 10), { chunkSize: 10 });
    for (let i = 1; i <= 3; i++) {
      const t = leases.claim('A', 60_000)!;
      expect([t.jobId, t.idx]).toEqual([id, 0]);
      expect(leases.fail('A', id, 0, 'disk full')).toBe(i < 3 ? 'retry' : 'failed');
    }
    const job = store.getJob(id);
    expect(job.state).toBe('failed');
    expect(job.error).toBe('chunk 0 (frames 0-9) failed: disk full');
    expect(job.tasks.map((t) => t.state)).toEqual(['failed', 'canceled', 'canceled']);
    expect(leases.claim('A', 60_000)?.jobId).toBe(other); // the other job goes on
    store.retry(id, 0);
    expect(store.getJob(id).state).toBe('queued');
    store.cancel(id);
    store.retry(id);
    expect(store.getJob(id).tasks.map((t) => t.state)).toEqual(['queued', 'queued', 'queued']);
  });

  it('pause keeps a job from being claimed; reorder and priority set the claim order', () => {
    const store = new QueueStore(openQueueDb(fresh()));
    const leases = new TaskLeases(store.db);
    const a = store.addJob(testSpec('/out/f.mov', 10));
    const b = store.addJob(testSpec('/out/g.mov', 10));
    const c = store.addJob(testSpec('/out/h.mov', 10));
    store.reorder([c, a, b]);
    expect(store.listJobs().map((j) => j.id)).toEqual([c, a, b]);
    store.pause(c);
    expect(leases.claim('A', 60_000)?.jobId).toBe(a);
    store.setPriority(b, 90);
    expect(leases.claim('A', 60_000)?.jobId).toBe(b);
    expect(() => store.resume(a)).toThrow(/only when paused/);
    store.resume(c);
    expect(leases.claim('A', 60_000)?.jobId).toBe(c);
    expect(() => store.getJob('nope')).toThrow(/no job 'nope'/);
  });
});

rmSync(dir, { recursive: true, force: true });
