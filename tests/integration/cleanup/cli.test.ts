// `depthswap cleanup train` and `swap --cleanup` on bad input: usage errors exit 2, a bad model folder
// exits 1 with one line, and nothing is written.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, dataPath, hasData } from '../../support/shared-data.ts';

const bin = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('depthswap cleanup (bad input)', () => {
  it('usage errors exit 2 with the reason', () => {
    const swapArgs = ['swap', '--source', 'a', '--target', 'b', '--out', 'o.mp4', '--format', 'h264'];
    const cases: [string[], RegExp][] = [
      [['cleanup'], /cleanup needs a command: train/],
      [['cleanup', 'train', '--source', 'a.jpg', '--target', 'b.mp4'], /train needs --out DIR/],
      [['cleanup', 'train', '--out', 'x'], /--project P.dsproj, or --source and --target/],
      [['cleanup', 'train', '--project', 'p.dsproj', '--source', 'a.jpg', '--out', 'x'], /not both/],
      [['cleanup', 'train', '--source', 'a', '--target', 'b', '--out', 'x', '--size', '30'], /multiple of 4/],
      [[...swapArgs, '--cleanup-strength', '0.5'], /needs --cleanup DIR/],
      [[...swapArgs, '--cleanup', 'd', '--cleanup-strength', '2'], /from 0 to 1/],
    ];
    for (const [args, why] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(why);
    }
  });

  it.runIf(hasData('faces/liveportrait/d9.jpg', 'video/liveportrait/d3.mp4'))(
    'a damaged cleanup model folder fails the swap with one line, writing nothing',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cleanup-cli-'));
      writeFileSync(path.join(dir, 'cleanup.json'), '{ not json');
      const out = path.join(dir, 'o.mp4');
      const r = run(
        'swap',
        '--source',
        dataPath('faces/liveportrait/d9.jpg'),
        '--target',
        dataPath('video/liveportrait/d3.mp4'),
        '--out',
        out,
        '--format',
        'h264',
        '--frames',
        '0-1',
        '--cleanup',
        dir,
        '--state-dir',
        path.join(dir, 'state'),
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/cleanup.json: not valid JSON/);
      expect(existsSync(out)).toBe(false);
    },
    300_000,
  );
});
