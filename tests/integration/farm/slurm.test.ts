// The render farm, for real: a single-node Slurm (slurmctld + slurmd + munge, started by the test under a
// temporary folder and stopped by PID) renders frames 0-59 of a project in 3 chunks through
// `depthswap farm submit --engine slurm` (a job array of `depthswap render` tasks + an afterok concat job);
// the output is framemd5-identical to a local one-pass `depthswap render`, with the same audio and timecode;
// the same for H.264 (the array renders lossless intermediates, the concat job encodes them once), through
// `farm submit` and through `queue run --executor slurm`.
// Bad input: the media is missing on the node when the tasks run: submit names the failed chunk, the
// missing path and the chunk's log, and exits 1, and no output appears.
// Without Slurm installed the tests are skipped with the reason, except in CI (CI=true), where they fail.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src-main/media/probe.ts';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import {
  audioMd5,
  FIXTURE_TIMECODE,
  MODEL_DIR,
  RENDER_CLIP,
  RENDER_FACE,
  videoFrameMd5,
} from '../../support/render-fixture.ts';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from '../../support/slurm-cluster.ts';
import { CLI_BIN, cliOk, runCli } from '../../support/cli-process.ts';
import { makeFarmProject } from '../../support/farm-fixture.ts';

const bin = CLI_BIN;
const dir = testOutputDir('farm-slurm');
const missing = slurmUnavailable();
const inCI = process.env['CI'] === 'true';
const haveData = hasData(RENDER_CLIP, RENDER_FACE) && existsSync(path.join(MODEL_DIR, 'model.json'));
if (missing && !inCI) console.warn(`skipped: Slurm integration tests (${missing})`);

const run = runCli;
const ok = cliOk;

describe.runIf(inCI && missing !== null)('Slurm on the CI machine', () => {
  it('has the Slurm and munge binaries (.ci/run installs them)', () => {
    throw new Error(`CI must run the Slurm integration test: ${missing}`);
  });
});

describe.skipIf(missing !== null || !haveData)('render farm: Slurm', () => {
  let cluster: SlurmCluster;
  let bundled = '';
  let clip = '';
  const state = path.join(dir, 'state');
  const nodeEnv = () => ({ ...cluster.env, XDG_STATE_HOME: path.join(dir, 'node-state') });

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const made = await makeFarmProject(dir, state);
    clip = made.clip;
    bundled = made.bundled;
    cluster = await startSlurmCluster();
  }, 400_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('frames 0-59 in 3 chunks through Slurm = a local one-pass render (framemd5, audio, timecode)', async () => {
    const out = path.join(dir, 'farm.mov');
    const r = await run(
      [
        'farm',
        'submit',
        '--engine',
        'slurm',
        bundled,
        '--out',
        out,
        '--chunk',
        '20',
        '--frames',
        '0-59',
      ].concat(['--format', 'prores-hq', '--partition', cluster.partition, '--poll', '1']),
      nodeEnv(),
    );
    expect(r.stderr).toMatch(/submitted job array \d+ \(3 chunks\) and concat job \d+ \(afterok:\d+\)/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    for (const i of [0, 1, 2])
      expect(r.stderr).toContain(`chunk ${i} (frames ${i * 20}-${i * 20 + 19}) done`);
    const local = await videoFrameMd5(path.join(dir, 'local.mov'));
    expect(local).toHaveLength(60);
    expect(await videoFrameMd5(out)).toEqual(local);
    expect(await audioMd5(out)).toBe(await audioMd5(path.join(dir, 'local.mov')));
    expect((await probe(out)).startTimecode).toBe(FIXTURE_TIMECODE);
    // The work folder (segments, scripts, logs) is removed after success; nothing else is left beside F.
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout).not.toMatch(/\.farm\.farm-|\.farm-/);
  }, 600_000);

  it('H.264 through Slurm: the array renders lossless intermediates, the concat job encodes once; = local one pass', async () => {
    const out = path.join(dir, 'farm.mp4');
    const r = await run(
      [
        'farm',
        'submit',
        '--engine',
        'slurm',
        bundled,
        '--out',
        out,
        '--chunk',
        '20',
        '--frames',
        '0-59',
      ].concat(['--format', 'h264', '--partition', cluster.partition, '--poll', '1']),
      nodeEnv(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const local = await videoFrameMd5(path.join(dir, 'local.mp4'));
    expect(local).toHaveLength(60);
    expect(await videoFrameMd5(out)).toEqual(local);
    expect(await audioMd5(out)).toBe(await audioMd5(path.join(dir, 'local.mp4')));
    const info = await probe(out);
    expect(info.videoCodec).toBe('h264');
    expect(info.startTimecode).toBe(FIXTURE_TIMECODE);
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout).not.toMatch(/\.farm-/);
  }, 600_000);

  it('the queue on Slurm (H.264): queue run --executor slurm renders each chunk as a Slurm job; = local one pass', async () => {
    const db = path.join(dir, 'queue', 'queue.sqlite');
    const out = path.join(dir, 'queued.mp4');
    const id = await ok(
      ['queue', 'add', bundled, '--out', out, '--format', 'h264', '--frames', '0-59', '--chunk', '20'].concat(
        ['--db', db],
      ),
      nodeEnv(),
    );
    expect(id).toMatch(/\S+/);
    const r = await run(
      [
        'queue',
        'run',
        '--executor',
        'slurm',
        '--concurrency',
        '3',
        '--partition',
        cluster.partition,
        '--db',
        db,
      ],
      nodeEnv(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/queue empty: 4 task\(s\) done, 0 job\(s\) failed/);
    expect(await videoFrameMd5(out)).toEqual(await videoFrameMd5(path.join(dir, 'local.mp4')));
    expect(await audioMd5(out)).toBe(await audioMd5(path.join(dir, 'local.mp4')));
    // Task files and logs of finished tasks are cleaned up; no job is left on the cluster.
    expect(
      spawnSync('ls', [path.join(dir, 'queue', 'farm', 'tasks')], { encoding: 'utf8' }).stdout.trim(),
    ).toBe('');
    const q = spawnSync('squeue', ['--noheader', '--states=PENDING,RUNNING', '--format=%i'], {
      env: cluster.env,
      encoding: 'utf8',
    });
    expect(q.stdout.trim()).toBe('');
  }, 600_000);

  it('the queue on Slurm, media missing on the node: the job fails at once with the path (no retries)', async () => {
    const db = path.join(dir, 'queue-missing', 'queue.sqlite');
    const out = path.join(dir, 'queued-missing.mov');
    await ok(
      [
        'queue',
        'add',
        bundled,
        '--out',
        out,
        '--format',
        'prores-hq',
        '--frames',
        '0-19',
        '--chunk',
        '20',
      ].concat(['--db', db]),
      nodeEnv(),
    );
    const node = spawnSync('sinfo', ['--noheader', '--format=%N'], {
      env: cluster.env,
      encoding: 'utf8',
    }).stdout.trim();
    const scontrol = (state: string) =>
      spawnSync('scontrol', ['update', `NodeName=${node}`, `State=${state}`, 'Reason=test'], {
        env: cluster.env,
      });
    expect(scontrol('DRAIN').status).toBe(0);
    const hidden = clip + '.away';
    const running = run(['queue', 'run', '--executor', 'slurm', '--db', db], nodeEnv());
    try {
      const tasks = path.join(dir, 'queue-missing', 'farm', 'tasks');
      const until = Date.now() + 30_000;
      while (!(existsSync(tasks) && readdirSync(tasks).some((f) => f.endsWith('.sh'))) && Date.now() < until)
        await new Promise((res) => setTimeout(res, 200));
      renameSync(clip, hidden);
      expect(scontrol('RESUME').status).toBe(0);
      const r = await running;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /chunk 0 failed: frames 0-19 failed on the farm \(job \d+\): the clip file is missing on this machine/,
      );
      expect(r.stderr).toContain(clip);
      expect(r.stderr).not.toMatch(/will retry/);
      expect(existsSync(out)).toBe(false);
    } finally {
      if (existsSync(hidden)) renameSync(hidden, clip);
      scontrol('RESUME');
    }
  }, 300_000);

  it('media missing on the node: submit names the failed chunk, the path and its log; exit 1, no output', async () => {
    const out = path.join(dir, 'farm-missing.mov');
    const node = spawnSync('sinfo', ['--noheader', '--format=%N'], {
      env: cluster.env,
      encoding: 'utf8',
    }).stdout.trim();
    const scontrol = (state: string) =>
      spawnSync('scontrol', ['update', `NodeName=${node}`, `State=${state}`, 'Reason=test'], {
        env: cluster.env,
      });
    // Hold the node so the job is queued while the media is present (the submit host's check passes), then
    // take the clip away from the shared volume before any task starts.
    expect(scontrol('DRAIN').status).toBe(0);
    const hidden = clip + '.away';
    const submit = run(
      [
        'farm',
        'submit',
        '--engine',
        'slurm',
        bundled,
        '--out',
        out,
        '--chunk',
        '20',
        '--frames',
        '0-59',
      ].concat(['--format', 'prores-hq', '--poll', '1', '--work-dir', path.join(dir, 'work-missing')]),
      nodeEnv(),
    );
    try {
      const until = Date.now() + 30_000;
      while (!existsSync(path.join(dir, 'work-missing', 'job.json')) && Date.now() < until)
        await new Promise((res) => setTimeout(res, 200));
      await new Promise((res) => setTimeout(res, 1000));
      renameSync(clip, hidden);
      expect(scontrol('RESUME').status).toBe(0);
      const r = await submit;
      expect(r.code).toBe(1);
      const last = r.stderr.trim().split('\n').pop()!;
      expect(last).toMatch(/chunk \d \(frames \d+-\d+\) failed on the farm \(job \d+_\d, FAILED/);
      expect(last).toContain(`missing on this machine: ${clip}`);
      const log = /log: (\S+\.log)$/.exec(last)?.[1];
      expect(log && readFileSync(log, 'utf8')).toContain(clip);
      expect(existsSync(out)).toBe(false);
    } finally {
      if (existsSync(hidden)) renameSync(hidden, clip);
      scontrol('RESUME');
    }
  }, 300_000);
  it('a chunk failing: submit names that chunk (and only it) and its log, exits 1, no output', async () => {
    // Fault injection at the edge: this node's depthswap fails on frames 20-39 as a full disk would.
    const wrapper = path.join(dir, 'node-depthswap.sh');
    writeFileSync(
      wrapper,
      `#!/bin/bash\ncase " $* " in *" --frames 20-39 "*) echo "depthswap render: ENOSPC: no space left on device (this node)" >&2; exit 1;; esac\n` +
        `exec ${process.execPath} ${bin} "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    const out = path.join(dir, 'farm-fail.mov');
    const r = await run(
      [
        'farm',
        'submit',
        '--engine',
        'slurm',
        bundled,
        '--out',
        out,
        '--chunk',
        '20',
        '--frames',
        '0-59',
      ].concat([
        '--format',
        'prores-hq',
        '--poll',
        '1',
        '--node-bin',
        wrapper,
        '--work-dir',
        path.join(dir, 'work-fail'),
      ]),
      nodeEnv(),
    );
    expect(r.code).toBe(1);
    const last = r.stderr.trim().split('\n').pop()!;
    const log = path.join(dir, 'work-fail', 'logs', 'chunk-1.log');
    expect(last).toMatch(
      /^depthswap farm: chunk 1 \(frames 20-39\) failed on the farm \(job \d+_1, FAILED, NonZeroExitCode\)/,
    );
    expect(last).toContain('ENOSPC: no space left on device (this node)');
    expect(last).toContain(`log: ${log}`);
    expect(existsSync(out)).toBe(false);
    // The rest of the job was cancelled, not left running on the farm.
    const q = spawnSync('squeue', ['--noheader', '--states=PENDING,RUNNING', '--format=%i'], {
      env: cluster.env,
      encoding: 'utf8',
    });
    expect(q.stdout.trim()).toBe('');
  }, 300_000);

  it('Ctrl-C while following cancels both jobs (scancel) and exits 130', async () => {
    const work = path.join(dir, 'work-cancel');
    const child = spawn(
      process.execPath,
      [
        bin,
        'farm',
        'submit',
        '--engine',
        'slurm',
        bundled,
        '--out',
        path.join(dir, 'farm-cancel.mov'),
      ].concat([
        '--chunk',
        '20',
        '--frames',
        '0-59',
        '--format',
        'prores-hq',
        '--poll',
        '1',
        '--work-dir',
        work,
      ]),
      { env: nodeEnv() },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const closed = new Promise<number | null>((res) => child.on('close', res));
    const until = Date.now() + 60_000;
    while (!/submitted job array/.test(stderr) && Date.now() < until)
      await new Promise((res) => setTimeout(res, 200));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(stderr).toMatch(/cancelling: scancel \d+ \d+/);
    expect(stderr).toMatch(/depthswap farm: cancelled\n$/);
    const ids = /job array (\d+) .* concat job (\d+)/.exec(stderr)!;
    // A task that was running passes through COMPLETING while slurmd kills it: wait for the final state.
    const states = async () => {
      for (let i = 0; ; i++) {
        const q = spawnSync(
          'squeue',
          [`--jobs=${ids[1]},${ids[2]}`, '--states=all', '--array', '--noheader', '--format=%T'],
          { env: cluster.env, encoding: 'utf8' },
        );
        const list = q.stdout.trim().split('\n');
        if (!list.includes('COMPLETING') || i >= 100) return list;
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    const final = await states();
    expect(final.length).toBe(4);
    for (const st of final) expect(st).toBe('CANCELLED');
  }, 120_000);
});
