// `depthswap swap` as a render node runs it: usage errors exit 2; a real run prints the JSON summary with
// the analysis files it used (kept in --state-dir, never beside the media), and a second run reuses them.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';

const bin = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const SOURCE = 'faces/face_recognition/lin-manuel-miranda.png';
const TARGET = 'video/face_recognition/short_hamilton_clip.mp4';
const hasModel = existsSync(path.join(REPO_ROOT, 'resources/models/depthnet/depthnet.json'));

describe('depthswap swap CLI', () => {
  it('exits 2 with the reason on bad usage', () => {
    const noSource = run('swap', '--target', 'a.mp4', '--out', 'b.mp4', '--format', 'h264');
    expect(noSource.status).toBe(2);
    expect(noSource.stderr).toMatch(/--source is required/);
    expect(run('swap', '--source', 'a.png', '--target', 'a.mp4', '--out', 'b.mp4').status).toBe(2);
    expect(
      run(
        'swap',
        '--source',
        'a.png',
        '--target',
        'a.mp4',
        '--out',
        'b.mp4',
        '--format',
        'h264',
        '--smooth',
        '-1',
      ).status,
    ).toBe(2);
  });

  it('refuses a matte erode or feather outside 0-0.5 of the face size', () => {
    const base = ['swap', '--source', 'a.png', '--target', 'a.mp4', '--out', 'b.mp4', '--format', 'h264'];
    const erode = run(...base, '--erode', '2');
    expect(erode.status).toBe(2);
    expect(erode.stderr).toMatch(/--erode must be a fraction of the face size/);
    expect(run(...base, '--feather', 'x').status).toBe(2);
  });

  it('refuses an expression outside 0-1 (usage error, before any work)', () => {
    const base = ['swap', '--source', 'a.png', '--target', 'a.mp4', '--out', 'b.mp4', '--format', 'h264'];
    for (const bad of ['1.5', '-1', 'x', '']) {
      const r = run(...base, `--expression=${bad}`);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(/--expression must be a number from 0 to 1/);
    }
    expect(run(...base, '--expression', '-1').status).toBe(2);
  });

  it.skipIf(!hasModel || !hasData('faces/3ddfa_v2/emma.jpg', 'video/liveportrait/d3.mp4'))(
    'a profile source face, or a face the source does not have, fails with the reason and writes nothing',
    () => {
      const dir = testOutputDir('swap-cli-source-face');
      rmSync(dir, { recursive: true, force: true });
      const out = path.join(dir, 'out.mp4');
      const args = (n: string) => [
        'swap',
        '--source',
        dataPath('faces/3ddfa_v2/emma.jpg'),
        '--source-face',
        n,
        '--target',
        dataPath('video/liveportrait/d3.mp4'),
        '--out',
        out,
        '--format',
        'h264',
        '--frames',
        '0-9',
        '--state-dir',
        path.join(dir, 'state'),
      ];
      // emma.jpg: a frontal-ish 3/4 view (face 0), a 3/4 view (1) and a profile (2).
      const profile = run(...args('2'));
      expect(profile.status).toBe(1);
      expect(profile.stderr).toMatch(/profile/);
      const missing = run(...args('5'));
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/has 3 faces/);
      expect(existsSync(out)).toBe(false);
    },
    180_000,
  );

  it.skipIf(!hasModel || !hasData(SOURCE, TARGET))(
    'swaps a frame range, keeps the analysis files in --state-dir and reuses them',
    () => {
      const dir = testOutputDir('swap-cli');
      rmSync(dir, { recursive: true, force: true });
      const out = path.join(dir, 'out.mp4');
      const state = path.join(dir, 'state');
      const args = [
        'swap',
        '--source',
        dataPath(SOURCE),
        '--target',
        dataPath(TARGET),
        '--out',
        out,
        '--format',
        'h264',
        '--frames',
        '30-37',
        '--state-dir',
        state,
        '--overwrite',
        '--json',
      ];
      const first = run(...args);
      expect(first.status, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout) as {
        frames: number;
        framesSwapped: number;
        msPerFrame: Record<string, number>;
        analysis: { target: { file: string; reused: boolean }; source: { file: string; reused: boolean } };
      };
      expect(summary.frames).toBe(8);
      expect(Object.keys(summary.msPerFrame).sort()).toEqual(
        ['analysis', 'composite', 'decode', 'depth', 'encode', 'warp'].sort(),
      );
      expect(summary.analysis.target.reused).toBe(false);
      expect(path.dirname(summary.analysis.target.file)).toBe(path.join(state, 'analysis'));
      expect(
        readdirSync(path.join(state, 'analysis')).filter((f) => f.endsWith('.analysis.json')),
      ).toHaveLength(2);
      expect(existsSync(out)).toBe(true);
      const second = JSON.parse(run(...args).stdout) as typeof summary;
      expect(second.analysis.target).toEqual({ file: summary.analysis.target.file, reused: true });
      expect(second.analysis.source.reused).toBe(true);
      expect(second.framesSwapped).toBe(summary.framesSwapped);
    },
    180_000,
  );
});
