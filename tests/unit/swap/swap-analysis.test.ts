// Where a swap keeps its analysis files: the studio's state folder layout, and no cache when it cannot write.
import { rmSync, writeFileSync } from 'node:fs';
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

  it('returns null (no cache) when the state folder cannot be created', () => {
    // A regular file where the state folder's parent should be: mkdir fails for every user, root included.
    const blocker = path.join(os.tmpdir(), `ds-swap-blocker-${process.pid}`);
    writeFileSync(blocker, 'not a folder');
    try {
      expect(cachedAnalysisPath(path.join(blocker, 'state'), '/media/a.mov')).toBeNull();
    } finally {
      rmSync(blocker, { force: true });
    }
  });
});
