// The studio's "Adapt to source" job through the job runner (worker thread, real engine): a source clip
// (the rendered scan, turning) is analysed and the DepthNet adapted with progress; a still source is refused.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { JobRunner } from '../../../src-main/server/jobs.ts';
import type { EventSink } from '../../../src-main/server/dispatch.ts';
import type { EventName, EventPayload } from '../../../src-shared/api/contract.ts';
import { DATA_DIR, dataPath, hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import { renderScanClip } from '../../tools/render-scan.ts';
import { loadDepthNet } from '../../../src-main/depthnet/depthnet.ts';

type Event = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];
const workerUrl = new URL('../../../src-main/server/job-worker.ts', import.meta.url);
const NEEDED = [
  'mesh3d/menpo3d/james.obj',
  'landmarks3d/3ddfa_aflw2000/AFLW2000-3D.pts68.npy',
  'faces/face_recognition/obama.jpg',
];

function runner() {
  const events: Event[] = [];
  const waiters: (() => void)[] = [];
  const emit: EventSink = (name, payload) => {
    events.push({ name, payload } as Event);
    for (const w of waiters.splice(0)) w();
  };
  const until = async (id: string) => {
    for (;;) {
      const hit = events.find(
        (e) => e.name !== 'job.progress' && 'jobId' in e.payload && e.payload.jobId === id,
      );
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { jobs: new JobRunner(workerUrl, emit), until, events };
}

describe.skipIf(!hasData(...NEEDED))('adapt job (studio)', () => {
  it('analyses the source clip and adapts with progress; refuses a still source', async () => {
    const dir = testOutputDir('adapt-job');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const clip = path.join(dir, 'scan-25.mp4');
    await renderScanClip({ out: clip, frames: 25 });
    const { jobs, until, events } = runner();
    const base = {
      kind: 'adapt' as const,
      modelDir: path.join(REPO_ROOT, 'resources/models/depthnet'),
      stateDir: path.join(dir, 'state'),
      dataDir: DATA_DIR,
      steps: 20,
    };
    const out = path.join(dir, 'adapted');
    const id = jobs.start({ ...base, source: clip, out });
    const end = await until(id);
    expect(end.name, JSON.stringify(end.payload)).toBe('job.done');
    const stages = new Set(
      events.flatMap((e) =>
        e.name === 'job.progress' && e.payload.jobId === id ? [e.payload.progress.stage] : [],
      ),
    );
    expect(stages).toContain('adapt');
    expect(existsSync(path.join(out, 'depthnet.json'))).toBe(true);
    expect((await loadDepthNet(out)).meta.training['adaptation']).toBeTruthy();
    const still = jobs.start({
      ...base,
      source: dataPath('faces/face_recognition/obama.jpg'),
      out: path.join(dir, 'x'),
    });
    const failed = await until(still);
    expect(failed.name).toBe('job.failed');
    expect(failed.name === 'job.failed' && failed.payload.error).toMatch(/needs a source clip/);
    await jobs.dispose();
  }, 600_000);
});
