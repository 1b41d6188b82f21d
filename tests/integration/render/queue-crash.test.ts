// The queue with real processes: `depthswap queue run` killed with SIGKILL mid-way resumes at the next run
// from the last finished chunk (finished chunks are not rendered again), and the final file is
// framemd5-identical to a direct `depthswap render` of the same range, with the same audio and timecode
// (ProRes, and H.264 whose chunks are lossless intermediates encoded once at the join).
// Bad input: a job whose media went missing fails with the path while the other job completes; a corrupt
// database is refused and kept byte for byte; a corrupt project is refused.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openQueueDb } from '../../../src-main/queue/db.ts';
import { QueueStore } from '../../../src-main/queue/queue-store.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { readProjectFile, writeProjectFile } from '../../../src-main/project/project-file.ts';
import { hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import {
  audioMd5,
  FIXTURE_TIMECODE,
  makeRenderProject,
  MODEL_DIR,
  RENDER_CLIP,
  RENDER_FACE,
  videoFrameMd5,
} from '../../support/render-fixture.ts';

const bin = path.join(REPO_ROOT, 'src-main', 'cli', 'depthswap.mjs');
const dir = testOutputDir('queue-crash');
const state = path.join(dir, 'state');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

function ok(r: ReturnType<typeof cli>): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasData(RENDER_CLIP, RENDER_FACE) || !existsSync(path.join(MODEL_DIR, 'model.json')))(
  'render queue with real processes',
  () => {
    let project = '';
    beforeAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      project = (await makeRenderProject(dir, true)).project;
    }, 120_000);

    /** Queue a 60-frame job in 10-frame chunks, kill -9 the runner after two chunks, run again, compare. */
    async function killAndResume(name: string, ext: '.mov' | '.mp4', format: string[]): Promise<void> {
      const db = path.join(dir, `${name}.sqlite`);
      const out = path.join(dir, `queued-${name}${ext}`);
      const segments = path.join(dir, 'segments'); // beside the database
      const id = ok(cli('queue', 'add', project, '--out', out, '--chunk', '10', '--db', db, ...format));
      expect(id).toMatch(/^[0-9a-f]{8}$/);
      const runArgs = ['queue', 'run', '--db', db, '--state-dir', state];
      const runner = spawn(process.execPath, [bin, ...runArgs], { stdio: 'ignore' });
      const store = new QueueStore(openQueueDb(db));
      // Kill while a chunk renders (two finished before it), not in the instant between two chunks: that
      // chunk's lease is what the next run must reclaim.
      let before: number[] = [];
      let rendering = false;
      for (let i = 0; i < 600 && (before.length < 2 || !rendering); i++) {
        await sleep(250);
        const tasks = store.getJob(id).tasks;
        before = tasks.filter((t) => t.state === 'completed').map((t) => t.idx);
        rendering = tasks.some((t) => t.state === 'active');
      }
      expect(before.length).toBeGreaterThanOrEqual(2);
      runner.kill('SIGKILL');
      await new Promise((r) => runner.once('exit', r));
      const killed = store.getJob(id);
      expect(killed.state).toBe('active');
      expect(existsSync(out)).toBe(false);
      const doneAtKill = killed.tasks.filter((t) => t.state === 'completed').map((t) => t.idx);
      // The finished chunks are kept for the resume: ProRes segments, or an H.264 job's lossless intermediates.
      const kept = readdirSync(path.join(segments, id)).filter((n) => !n.startsWith('.'));
      expect(kept.length).toBeGreaterThanOrEqual(doneAtKill.length);
      for (const n of kept) expect(path.extname(n)).toBe(ext === '.mp4' ? '.mkv' : '.mov');

      const again = cli(...runArgs);
      expect(again.status, again.stderr).toBe(0);
      const job = store.getJob(id);
      expect(job.state).toBe('completed');
      // The chunks finished before the kill were claimed once and completed once: not rendered again.
      const log = store.db
        .prepare(`SELECT idx, event FROM task_log WHERE job_id = ? ORDER BY id`)
        .all(id) as { idx: number; event: string }[];
      for (const idx of doneAtKill) {
        expect(log.filter((l) => l.idx === idx && l.event === 'claimed').length).toBe(1);
        expect(log.filter((l) => l.idx === idx && l.event === 'completed').length).toBe(1);
      }
      expect(log.some((l) => l.event === 'reclaimed')).toBe(true);
      store.db.close();

      const direct = path.join(dir, `direct-${name}${ext}`);
      ok(cli('render', project, '--out', direct, '--state-dir', state, ...format));
      expect(await videoFrameMd5(out)).toEqual(await videoFrameMd5(direct));
      expect(await audioMd5(out)).toBe(await audioMd5(direct));
      const [a, b] = [await probe(out), await probe(direct)];
      expect(a.videoCodec).toBe(b.videoCodec);
      expect(a.startTimecode).toBe(FIXTURE_TIMECODE);
      expect(b.startTimecode).toBe(FIXTURE_TIMECODE);
      expect(a.frameCount).toBe(60);
      expect(a.audio.length).toBe(1);
      // Segments are removed once joined.
      expect(existsSync(path.join(segments, id))).toBe(false);
    }

    it('kill -9 mid-way, run again: resumes from the last finished chunk; = a direct render', async () => {
      await killAndResume('prores', '.mov', []);
    }, 600_000);

    it('the same for an H.264 job (chunks as lossless intermediates, encoded once at the join)', async () => {
      await killAndResume('h264', '.mp4', ['--format', 'h264']);
    }, 600_000);

    it('Ctrl-C (SIGINT) on queue run gives the running chunk back and exits 130; the next run finishes', async () => {
      const db = path.join(dir, 'sigint.sqlite');
      const out = path.join(dir, 'sigint.mov');
      const id = ok(
        cli('queue', 'add', project, '--out', out, '--frames', '0-29', '--chunk', '15', '--db', db),
      );
      const runner = spawn(process.execPath, [bin, 'queue', 'run', '--db', db, '--state-dir', state], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      runner.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const store = new QueueStore(openQueueDb(db));
      for (let i = 0; i < 600 && !store.getJob(id).tasks.some((t) => t.state === 'active'); i++)
        await sleep(100);
      runner.kill('SIGINT');
      const code = await new Promise((r) => runner.once('exit', r));
      expect(code).toBe(130);
      expect(err).toMatch(/queue paused/);
      const job = store.getJob(id);
      expect(job.tasks.some((t) => t.state === 'active')).toBe(false);
      expect(job.tasks.some((t) => t.state === 'failed')).toBe(false);
      expect(ok(cli('queue', 'run', '--db', db, '--state-dir', state))).toBe('');
      expect(store.getJob(id).state).toBe('completed');
      expect((await probe(out)).frameCount).toBe(30);
      store.db.close();
    }, 300_000);

    it('a job whose media went missing fails with the path; the other job completes', async () => {
      const db = path.join(dir, 'two.sqlite');
      const copy = path.join(dir, 'copy-of-clip.mov');
      const { project: p0, clip } = await makeRenderProject(dir, false);
      copyFileSync(clip, copy);
      const loaded = (await readProjectFile(p0)).project;
      const other = path.join(dir, 'copy.dsproj');
      await writeProjectFile(other, { ...loaded, clips: loaded.clips.map((c) => ({ ...c, path: copy })) });
      const bad = ok(
        cli('queue', 'add', other, '--out', path.join(dir, 'bad.mov'), '--frames', '0-9', '--db', db),
      );
      const good = ok(
        cli('queue', 'add', p0, '--out', path.join(dir, 'good.mov'), '--frames', '0-19', '--db', db),
      );
      unlinkSync(copy);
      const r = cli('queue', 'run', '--db', db, '--state-dir', state);
      expect(r.status).toBe(1);
      const jobs = JSON.parse(ok(cli('queue', 'list', '--json', '--db', db))) as {
        id: string;
        state: string;
        error: string | null;
      }[];
      const byId = new Map(jobs.map((j) => [j.id, j]));
      expect(byId.get(bad)?.state).toBe('failed');
      expect(byId.get(bad)?.error).toContain(copy);
      expect(byId.get(good)?.state).toBe('completed');
      expect((await probe(path.join(dir, 'good.mov'))).frameCount).toBe(20);
    }, 300_000);

    it('a corrupt database is refused and kept; a corrupt project is refused', () => {
      const db = path.join(dir, 'corrupt.sqlite');
      const junk = Buffer.from('this is not a database '.repeat(200));
      writeFileSync(db, junk);
      for (const args of [['list'], ['run'], ['add', project, '--out', path.join(dir, 'x.mov')]]) {
        const r = cli('queue', ...args, '--db', db);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/not a queue database.*left untouched/);
      }
      expect(readFileSync(db).equals(junk)).toBe(true);
      expect(existsSync(`${db}-wal`)).toBe(false);

      const broken = path.join(dir, 'broken.dsproj');
      writeFileSync(broken, '{"format": "depthswap-project", "version": 3, "clips": [');
      const r = cli(
        'queue',
        'add',
        broken,
        '--out',
        path.join(dir, 'y.mov'),
        '--db',
        path.join(dir, 'ok.sqlite'),
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('broken.dsproj');
      expect(r.stderr.trim().split('\n').length).toBe(1);
    });
  },
);
