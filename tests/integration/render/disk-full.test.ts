// Disk full during a chunk: the queue's segment folder on a 2 MB tmpfs (mounted by the test; skipped when
// this user may not mount). A small job fits and completes; a job whose chunk does not fit fails after its
// retries with ffmpeg's reason, and the queue goes on. Needs root (mount -t tmpfs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openQueueDb } from '../../../src-main/queue/db.ts';
import { QueueStore } from '../../../src-main/queue/queue-store.ts';
import { runQueue } from '../../../src-main/queue/queue-runner.ts';
import { addProjectJob } from '../../../src-main/queue/add-job.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import { makeRenderProject, MODEL_DIR, RENDER_CLIP, RENDER_FACE } from '../../support/render-fixture.ts';

const dir = testOutputDir('queue-disk-full');
const small = path.join(dir, 'small-disk');

function mountTmpfs(): boolean {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(small, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small], { encoding: 'utf8' });
  if (r.status !== 0)
    console.warn(`skipped: cannot mount a small tmpfs (${r.stderr.trim() || r.error?.message})`);
  return r.status === 0;
}

const ready =
  hasData(RENDER_CLIP, RENDER_FACE) && existsSync(path.join(MODEL_DIR, 'model.json')) && mountTmpfs();

describe.skipIf(!ready)('disk full during a chunk', () => {
  afterAll(() => {
    spawnSync('umount', [small]);
  });

  it('fails that job with the reason; the other job completes', async () => {
    const { project } = await makeRenderProject(path.join(dir, 'media'), false);
    const store = new QueueStore(openQueueDb(path.join(dir, 'queue.sqlite')));
    const big = await addProjectJob(store, project, { out: path.join(dir, 'big.mov'), chunkSize: 60 });
    const fits = await addProjectJob(store, project, {
      out: path.join(dir, 'fits.mov'),
      range: { start: 20, end: 23 },
      priority: 90,
    });
    const r = await runQueue({
      store,
      segmentsDir: small,
      modelDir: MODEL_DIR,
      stateDir: path.join(dir, 'state'),
    });
    expect(r.tasksFailed).toBe(1);
    expect(store.getJob(fits).state).toBe('completed');
    expect((await probe(path.join(dir, 'fits.mov'))).frameCount).toBe(3);
    const failed = store.getJob(big);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/chunk 0 \(frames 0-59\) failed: .*(No space left|space)/i);
    expect(failed.tasks[0]?.failures).toBe(3);
    expect(existsSync(path.join(dir, 'big.mov'))).toBe(false);
    store.db.close();
  }, 600_000);
});
