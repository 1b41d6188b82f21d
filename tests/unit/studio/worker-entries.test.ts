// Engine modules have no side effects on import: a worker thread that loads the swap pool (as the studio's
// job worker does) finds no listener on its parentPort; only the entries (swap-worker.ts, job-worker.ts)
// listen. And one state folder default for `serve` and `swap`.
import { describe, it, expect } from 'vitest';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../support/shared-data.ts';
import { defaultStateDir } from '../../../src-main/util/state-dir.ts';

describe('worker entries', () => {
  it('importing the swap pool and job modules adds no parentPort listener', async () => {
    const modules = [
      'src-main/swap/swap-pool.ts',
      'src-main/swap/swap-job.ts',
      'src-main/server/render-job.ts',
    ];
    const code = `
      const { parentPort } = await import('node:worker_threads');
      ${modules.map((m) => `await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, m)).href)});`).join('\n')}
      parentPort.postMessage(parentPort.listenerCount('message'));
    `;
    const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    const count = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    expect(count).toBe(0);
  }, 60_000);

  it('the state folder default is $XDG_STATE_HOME/depthswap (empty: ~/.local/state)', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state' })).toBe(path.join('/x/state', 'depthswap'));
    expect(defaultStateDir({ XDG_STATE_HOME: '' })).toBe(
      path.join(os.homedir(), '.local', 'state', 'depthswap'),
    );
  });
});
