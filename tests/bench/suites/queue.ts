// `npm run bench -- queue`: the render queue's database under load.
// 1. add / list / update latency with 500 queued jobs (each 200 frames in 50-frame chunks + a join).
// 2. two processes claiming and completing tasks on one database as fast as they can (pure lease traffic).
// 3. two real `depthswap queue run` processes rendering real chunks on one database for
//    DEPTHSWAP_BENCH_QUEUE_SECONDS (default 60), then stopped with SIGINT (they give their chunks back);
//    then the rest is run to the end. Checked: no chunk completed twice, no chunk held by two runners at
//    once, every job completed with its file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BenchSuite } from '../run.ts';
import { openQueueDb } from '../../../src-main/queue/db.ts';
import { QueueStore } from '../../../src-main/queue/queue-store.ts';
import { TaskLeases } from '../../../src-main/queue/task-leases.ts';
import { testSpec } from '../../support/render-spec.ts';
import { hasData, REPO_ROOT } from '../../support/shared-data.ts';
import { makeRenderProject, RENDER_CLIP, RENDER_FACE } from '../../support/render-fixture.ts';

const bin = path.join(REPO_ROOT, 'src-main', 'cli', 'depthswap.mjs');

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return { meanMs: r(s.reduce((a, b) => a + b, 0) / s.length), p50Ms: r(at(0.5)), p95Ms: r(at(0.95)), maxMs: r(at(1)) };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Each (job, chunk) was held by one owner at a time: claims by another owner only after a give-back. */
function overlaps(store: QueueStore): number {
  const log = store.db.prepare('SELECT job_id, idx, owner, event FROM task_log ORDER BY id').all() as {
    job_id: string;
    idx: number;
    owner: string;
    event: string;
  }[];
  const holder = new Map<string, string | null>();
  let bad = 0;
  for (const l of log) {
    const key = `${l.job_id}:${l.idx}`;
    if (l.event === 'claimed') {
      if (holder.get(key)) bad++;
      holder.set(key, l.owner);
    } else if (['completed', 'released', 'failed', 'soft-failed', 'reclaimed'].includes(l.event)) holder.set(key, null);
  }
  return bad;
}

const suite: BenchSuite = {
  name: 'queue',
  async run({ log, outDir }) {
    const work = path.join(outDir, 'queue');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });

    // 1. Latency with 500 jobs.
    const store = new QueueStore(openQueueDb(path.join(work, 'latency.sqlite')));
    const add: number[] = [];
    for (let i = 0; i < 500; i++) add.push(time(() => store.addJob(testSpec(`/out/job-${i}.mov`, 200))));
    const list: number[] = [];
    for (let i = 0; i < 20; i++) list.push(time(() => store.listJobs()));
    const ids = store.listJobs().map((j) => j.id);
    const update: number[] = [];
    for (const id of ids.slice(0, 200)) {
      update.push(time(() => store.pause(id)));
      update.push(time(() => store.resume(id)));
    }
    const leases = new TaskLeases(store.db);
    const claim: number[] = [];
    const beat: number[] = [];
    for (let i = 0; i < 200; i++) {
      let t: ReturnType<typeof leases.claim> = null;
      claim.push(time(() => (t = leases.claim('bench', 60_000))));
      const task = t as ReturnType<typeof leases.claim>;
      if (!task) break;
      beat.push(time(() => leases.heartbeat('bench', task.jobId, task.idx, 60_000, 0.5, 10)));
      leases.complete('bench', task.jobId, task.idx, '/seg');
    }
    const latency = {
      jobs: 500,
      tasks: (store.db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n,
      add: stats(add),
      list: stats(list),
      pauseResume: stats(update),
      claim: stats(claim),
      heartbeat: stats(beat),
    };
    store.db.close();
    log(`500 jobs: ${JSON.stringify(latency)}`);

    // 2. Two processes, pure lease traffic.
    const stressDb = path.join(work, 'stress.sqlite');
    const stress = new QueueStore(openQueueDb(stressDb));
    for (let i = 0; i < 200; i++) stress.addJob(testSpec(`/out/s-${i}.mov`, 500), { chunkSize: 10 });
    const total = (stress.db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;
    const seconds = Number(process.env['DEPTHSWAP_BENCH_QUEUE_SECONDS'] ?? 60);
    const deadline = Date.now() + Math.min(seconds, 20) * 1000;
    const t0 = performance.now();
    const kids = [0, 1].map(
      () =>
        new Promise<{ done: number; lost: number }>((resolve, reject) => {
          const c = spawn(process.execPath, [path.join(REPO_ROOT, 'tests/bench/queue-claimer.ts'), stressDb, String(deadline)]);
          let out = '';
          c.stdout.on('data', (d: Buffer) => (out += d.toString()));
          c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { done: number; lost: number }) : reject(new Error(`claimer exit ${code}`))));
        }),
    );
    const results = await Promise.all(kids);
    const wall = (performance.now() - t0) / 1000;
    const completions = new TaskLeases(stress.db).completions();
    const leaseStress = {
      tasks: total,
      completedByRunner: results.map((r) => r.done),
      lostLeases: results.reduce((s, r) => s + r.lost, 0),
      tasksPerSecond: Math.round(results.reduce((s, r) => s + r.done, 0) / wall),
      completedTwice: completions.filter((c) => c.n > 1).length,
      heldByTwo: overlaps(stress),
    };
    stress.db.close();
    log(`two claimers: ${JSON.stringify(leaseStress)}`);

    // 3. Two real runners rendering real chunks.
    let runners: Record<string, unknown> = { skipped: 'shared test data absent' };
    if (hasData(RENDER_CLIP, RENDER_FACE)) {
      const { project } = await makeRenderProject(path.join(work, 'media'), true);
      const db = path.join(work, 'runners.sqlite');
      const state = path.join(work, 'state');
      const outs: string[] = [];
      for (let i = 0; i < 4; i++) {
        const out = path.join(work, `render-${i}.mov`);
        outs.push(out);
        const r = spawnSync(process.execPath, [bin, 'queue', 'add', project, '--out', out, '--chunk', '5', '--db', db], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
      }
      // The clip's analysis once, before the clock starts (both runners would otherwise analyse it).
      spawnSync(process.execPath, [bin, 'render', project, '--frames', '0', '--out', path.join(work, 'warm.mov'), '--state-dir', state], { encoding: 'utf8' });
      const start = performance.now();
      const procs = [0, 1].map(() => spawn(process.execPath, [bin, 'queue', 'run', '--db', db, '--state-dir', state], { stdio: 'ignore' }));
      const exits = procs.map((p) => new Promise((r) => p.once('exit', r)));
      const timer = setTimeout(() => procs.forEach((p) => p.kill('SIGINT')), seconds * 1000);
      await Promise.all(exits);
      clearTimeout(timer);
      const ranSeconds = (performance.now() - start) / 1000;
      const q = new QueueStore(openQueueDb(db));
      const doneInWindow = new TaskLeases(q.db).completions().length;
      const finish = spawnSync(process.execPath, [bin, 'queue', 'run', '--db', db, '--state-dir', state], { encoding: 'utf8' });
      const completions = new TaskLeases(q.db).completions();
      const jobs = q.listJobs();
      runners = {
        seconds: Math.round(ranSeconds),
        tasksDoneInWindow: doneInWindow,
        tasksTotal: completions.length,
        completedTwice: completions.filter((c) => c.n > 1).length,
        heldByTwo: overlaps(q),
        jobsCompleted: jobs.filter((j) => j.state === 'completed').length,
        jobs: jobs.length,
        outputsPresent: outs.filter((o) => existsSync(o)).length,
        finishExit: finish.status,
      };
      q.db.close();
      log(`two runners: ${JSON.stringify(runners)}`);
    }
    return { latency, leaseStress, runners };
  },
};

export default suite;
