// A render whose analyses are in files must not load TF.js or the face models (~0.5 s on every render-farm
// task): the swap path imports them only when something needs analysing, and runs the DepthNet without them.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('swap render imports', () => {
  it('loading the swap command, the swap engine and the DepthNet loads no TF.js module', () => {
    const script = `
      await import('./src-main/cli/commands/swap.ts');
      await import('./src-main/swap/swap-clip.ts');
      const { loadDepthNet } = await import('./src-main/depthnet/depthnet.ts');
      const net = await loadDepthNet();
      if (net.predict([]).length !== 0) throw new Error('unexpected prediction');
      const { createRequire } = await import('node:module');
      const cache = createRequire(import.meta.url + '/x').cache;
      console.log(JSON.stringify(Object.keys(cache).filter((k) => /tensorflow|face-api/.test(k))));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([]);
  });
});
