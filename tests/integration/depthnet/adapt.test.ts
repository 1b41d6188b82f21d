// `depthswap depthnet adapt`: bad input (too few frames, too little pose, a missing track, an analysis of
// another clip), and a short real adaptation (AFLW2000-3D replay and guard) with resume.
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DATA_DIR, hasData, testOutputDir } from '../../support/shared-data.ts';
import { syntheticAnalysis } from '../../support/synthetic-analysis.ts';
import { makeClip, CLIP_23976 } from '../../support/clips.ts';
import { main } from '../../../src-main/cli/main.ts';
import type { CliIo } from '../../../src-main/cli/command.ts';
import { adaptDepthNet, DEFAULT_ADAPT_SETTINGS } from '../../../src-main/depthnet/adapt.ts';
import { DEFAULT_DEPTHNET_DIR, loadDepthNet } from '../../../src-main/depthnet/depthnet.ts';
import { adaptationFrames, MIN_FRAMES } from '../../../src-main/depthnet/adapt-frames.ts';
import { guardVerdict } from '../../../src-main/depthnet/adapt-guard.ts';

const AFLW = 'landmarks3d/3ddfa_aflw2000/AFLW2000-3D.pts68.npy';

function cliIo(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    interactive: false,
    signal: new AbortController().signal,
    env: process.env,
  };
  return { io, out: () => o, err: () => e };
}

const sweep = (n: number, span = 60) =>
  Array.from({ length: n }, (_, i) => ({
    yawDeg: -span / 2 + (span * i) / (n - 1),
    pitchDeg: (span / 12) * Math.sin(i),
  }));

describe('depthnet adapt: bad input', () => {
  const dir = testOutputDir('depthnet-adapt-bad');

  it('says how many frames and how much pose it needs, and which tracks exist', () => {
    expect(() => adaptationFrames(syntheticAnalysis(sweep(3)))).toThrow(
      `track 0 has 3 analysed frame(s); adaptation needs at least ${MIN_FRAMES}`,
    );
    expect(() => adaptationFrames(syntheticAnalysis(sweep(20, 2)))).toThrow(
      /head pose varies by 2\.\d degrees; adaptation needs frames at least 5 degrees apart/,
    );
    expect(() => adaptationFrames(syntheticAnalysis(sweep(20)), { track: 4 })).toThrow(
      'track 4 is not in the analysis (tracks: 0)',
    );
    expect(() => adaptationFrames(syntheticAnalysis(sweep(40)), { range: { start: 0, end: 5 } })).toThrow(
      /has 5 analysed frame\(s\) in frames 0-4/,
    );
    const ok = adaptationFrames(syntheticAnalysis(sweep(20)));
    expect(ok.frames).toHaveLength(20);
    expect(ok.spreadDeg).toBeGreaterThan(55);
    // pairs are far apart in pose, never neighbours
    for (const [a, b] of ok.candidates) expect(Math.abs(a - b)).toBeGreaterThan(5);
  });

  it('the CLI exits 1 with one line for each, 2 on usage, and refuses an analysis of another clip', async () => {
    await mkdir(dir, { recursive: true });
    const write = async (name: string, a: unknown) => {
      const f = path.join(dir, name);
      await writeFile(f, JSON.stringify(a));
      return f;
    };
    const few = await write('few.json', syntheticAnalysis(sweep(3)));
    const good = await write('good.json', syntheticAnalysis(sweep(20)));
    const out = path.join(dir, 'out');
    const cases: [string[], number, RegExp][] = [
      [['--analysis', few, '--out', out], 1, /needs at least 8/],
      [['--analysis', good, '--out', out, '--track', '3'], 1, /track 3 is not in the analysis/],
      [['--analysis', good, '--out', DEFAULT_DEPTHNET_DIR], 1, /must not be the --model folder/],
      [['--analysis', good], 2, /needs --out/],
      [['--out', out], 2, /needs --analysis/],
      [['--analysis', good, '--out', out, '--steps', '0'], 2, /--steps must be an integer >= 1/],
    ];
    const clip = await makeClip(CLIP_23976);
    cases.push([['--analysis', good, '--out', out, '--clip', clip], 1, /is an analysis of another clip/]);
    for (const [args, code, msg] of cases) {
      const c = cliIo();
      expect(await main(['depthnet', 'adapt', ...args], c.io), args.join(' ')).toBe(code);
      expect(c.err()).toMatch(msg);
      if (code === 1) expect(c.err().trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('the guard rule refuses a model much worse on other people', () => {
    const shipped = { mseNorm: 0.004, rmsePx: 15, depthCorr: 64 };
    expect(guardVerdict(shipped, { ...shipped, mseNorm: 0.0043 }).accepted).toBe(true);
    expect(guardVerdict(shipped, { ...shipped, mseNorm: 0.0045 }).accepted).toBe(false);
    expect(guardVerdict(shipped, { ...shipped, depthCorr: 61.5 }).accepted).toBe(false);
    expect(guardVerdict(shipped, { ...shipped, depthCorr: 63 }).accepted).toBe(true);
    expect(guardVerdict(shipped, { ...shipped, mseNorm: NaN }).accepted).toBe(false);
  });
});

describe.skipIf(!hasData(AFLW))('depthnet adapt: a short real run', () => {
  const dir = testOutputDir('depthnet-adapt-run');

  it('adapts on a synthetic turning face, is seeded, resumes, and writes a loadable model', async () => {
    await rm(dir, { recursive: true, force: true });
    const analysis = syntheticAnalysis(sweep(24));
    const base = { modelDir: DEFAULT_DEPTHNET_DIR, analysis, dataDir: DATA_DIR, checkpointEvery: 10 };
    const settings = { ...DEFAULT_ADAPT_SETTINGS, steps: 20 };
    const a = await adaptDepthNet({ ...base, outDir: path.join(dir, 'a'), settings });
    expect(a.accepted).toBe(true);
    expect(a.onTrack.after.consistency).toBeLessThan(a.onTrack.before.consistency);
    // 10 steps, then resumed to 20: the same weights as 20 in one go
    const first = await adaptDepthNet({
      ...base,
      outDir: path.join(dir, 'b'),
      settings: { ...settings, steps: 10 },
    });
    expect(first.steps).toBe(10);
    await rm(path.join(dir, 'b', 'depthnet.json'));
    const resumed = await adaptDepthNet({ ...base, outDir: path.join(dir, 'b'), settings });
    expect(resumed.resumedFrom).toBe(10);
    const wa = await readFile(path.join(dir, 'a', 'weights.bin'));
    const wb = await readFile(path.join(dir, 'b', 'weights.bin'));
    expect(Buffer.compare(wa, wb)).toBe(0);
    const net = await loadDepthNet(path.join(dir, 'a'));
    expect(net.meta.training['adaptation']).toBeTruthy();
    const report = JSON.parse(await readFile(path.join(dir, 'a', 'adapt-report.json'), 'utf8')) as {
      guard: { rule: string };
    };
    expect(report.guard.rule).toMatch(/refused when/);
  }, 120_000);
});
