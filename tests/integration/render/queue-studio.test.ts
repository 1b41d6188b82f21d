// The studio's side of the queue, through the same handlers the Electron IPC and `depthswap serve` use:
// 'queue.add' from a project held in memory, live 'queue.changed' events until the job completes, the
// list intact after the backend is disposed and created again (a studio restart), and a job paused in the
// studio stays paused across that restart.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src-main/server/handlers.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import type { EventName, EventPayload } from '../../../src-shared/api/contract.ts';
import type { QueueJob } from '../../../src-shared/queue/schema.ts';
import { readProjectFile } from '../../../src-main/project/project-file.ts';
import { hasData, testOutputDir } from '../../support/shared-data.ts';
import { makeRenderProject, MODEL_DIR, RENDER_CLIP, RENDER_FACE } from '../../support/render-fixture.ts';

const dir = testOutputDir('queue-studio');

function backend() {
  const seen: QueueJob[][] = [];
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (name === 'queue.changed') seen.push((payload as EventPayload<'queue.changed'>).jobs);
  };
  const b = createHandlers({
    version: 'test',
    engine: createEngine(false, MODEL_DIR),
    emit,
    stateDir: path.join(dir, 'state'),
    home: dir,
    autosaveIntervalMs: 60_000,
    modelDir: MODEL_DIR,
    jobWorkerUrl: new URL('../../../src-main/server/job-worker.ts', import.meta.url),
  });
  return { ...b, seen };
}

describe.skipIf(!hasData(RENDER_CLIP, RENDER_FACE) || !existsSync(path.join(MODEL_DIR, 'model.json')))(
  'render queue in the studio backend',
  () => {
    it('add, live events to completion, intact after a restart, pause kept', async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const { project: file } = await makeRenderProject(dir, true);
      const { project } = await readProjectFile(file);
      const first = backend();
      const h = first.handlers;
      const add = (out: string, end: number, to = h) =>
        to['queue.add']({
          project,
          projectPath: file,
          clipId: 'clip-1',
          format: 'prores-hq',
          start: 0,
          end,
          audio: true,
          timecode: true,
          outPath: path.join(dir, out),
          overwrite: false,
          chunkSize: 5,
        });
      const { jobId } = await add('studio.mov', 10);
      const held = await add('held.mov', 5);
      await h['queue.control']({ jobId: held.jobId, action: 'pause' });
      for (let i = 0; i < 1200; i++) {
        const last = first.seen[first.seen.length - 1];
        if (last?.find((j) => j.id === jobId)?.state === 'completed') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const states = first.seen.map((jobs) => jobs.find((j) => j.id === jobId)?.state);
      expect(states).toContain('active');
      expect(states[states.length - 1]).toBe('completed');
      expect(existsSync(path.join(dir, 'studio.mov'))).toBe(true);
      // Progress rose through the events.
      const progress = first.seen.map((jobs) => jobs.find((j) => j.id === jobId)?.progress ?? 0);
      expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
      await first.dispose();

      const second = backend();
      const list = await second.handlers['queue.list']({});
      expect(list.error).toBeNull();
      expect(list.jobs.find((j) => j.id === jobId)?.state).toBe('completed');
      expect(list.jobs.find((j) => j.id === held.jobId)?.state).toBe('paused');
      await expect(add('studio.mov', 10, second.handlers)).rejects.toThrow(/already exists/);
      await second.dispose();
    }, 600_000);
  },
);
