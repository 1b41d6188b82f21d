// Where a swap keeps its analysis files: the studio's state folder layout, and no cache when it cannot write.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedAnalysisPath, defaultStateDir } from '../../../src-main/swap/swap-analysis.ts';
import { analysisPathFor } from '../../../src-main/server/analysis-files.ts';

describe('swap analysis files', () => {
  it('default state folder follows XDG_STATE_HOME, else ~/.local/state', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state' })).toBe(path.join('/x/state', 'depthswap'));
    expect(defaultStateDir({})).toBe(path.join(os.homedir(), '.local', 'state', 'depthswap'));
  });

  it('uses the same file as the studio for the same clip, and creates the folder', () => {
    const dir = path.join(os.tmpdir(), `ds-swap-analysis-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const file = cachedAnalysisPath(dir, '/media/card/A001.mov');
    expect(file).toBe(analysisPathFor(dir, '/media/card/A001.mov'));
    expect(path.dirname(file!)).toBe(path.join(dir, 'analysis'));
    expect(path.basename(file!)).toMatch(/^A001-[0-9a-f]{12}\.analysis\.json$/);
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(process.getuid?.() === 0)('returns null (no cache) when the state folder is not writable', () => {
    const dir = path.join(os.tmpdir(), `ds-swap-ro-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o500);
    try {
      expect(cachedAnalysisPath(path.join(dir, 'state'), '/media/a.mov')).toBeNull();
    } finally {
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
