// The `depthswap` bin as a render node runs it: exit codes, probe --json, transcode of a real clip range.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { probe } from '../../../src-main/media/probe.ts';

const bin = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const S18 = 'video/liveportrait/s18.mp4';

describe('depthswap CLI (media)', () => {
  it('prints usage and exits 2 on bad usage', () => {
    expect(run().status).toBe(2);
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const noFormat = run('transcode', 'a.mp4', 'b.mov');
    expect(noFormat.status).toBe(2);
    expect(noFormat.stderr).toMatch(/--format is required/);
    expect(run('transcode', 'a.mp4', 'b.mov', '--format', 'avi').status).toBe(2);
    expect(run('transcode', 'a.mp4', 'b.mov', '--format', 'h264', '--frames', '9-3').status).toBe(2);
    expect(run('probe', '--bogus', 'x').status).toBe(2);
  });

  it('exits 1 with a one-line reason on failure', () => {
    const r = run('probe', '/no/such/file.mp4');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/file not found/);
  });

  it('doctor names the ffmpeg and TF.js backend in use', () => {
    const r = run('doctor', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      ffmpeg: { source: string };
      tf: { choice: string; skipped: unknown[] };
    };
    expect(['env', 'ffmpeg-static', 'system']).toContain(report.ffmpeg.source);
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(report.tf.choice);
  });

  it.skipIf(!hasData(S18))('probe --json and a transcode of frames 30-59 of a real clip', async () => {
    const p = run('probe', dataPath(S18), '--json');
    expect(p.status).toBe(0);
    const info = JSON.parse(p.stdout) as {
      width: number;
      frameRate: { num: number; den: number };
      frameCount: number;
    };
    expect(info).toMatchObject({ width: 1280, frameRate: { num: 30, den: 1 }, frameCount: 282 });
    const out = testOutputDir('cli-media');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const target = path.join(out, 's18-30-59.mp4');
    const t = run('transcode', dataPath(S18), target, '--format', 'h264', '--frames', '30-59');
    expect(t.status, t.stderr).toBe(0);
    const result = await probe(target);
    expect(result.frameCount).toBe(30);
    expect(result.audio).toHaveLength(1);
    // Not again without --overwrite.
    const again = run('transcode', dataPath(S18), target, '--format', 'h264', '--frames', '30-59');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});
