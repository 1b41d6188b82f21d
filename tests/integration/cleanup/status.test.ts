// The Cleanup panel's status call reads a model folder (steps, loss history, latest sample sheet) from its
// files; an empty folder is "no model yet".
import { describe, it, expect } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupHandlers } from '../../../src-main/server/cleanup-handlers.ts';
import type { HandlerContext } from '../../../src-main/server/handlers.ts';
import type { JobRunner } from '../../../src-main/server/jobs.ts';
import { PathSet } from '../../../src-main/server/path-set.ts';
import { CleanupConfigSchema } from '../../../src-main/cleanup/config.ts';
import { trainCleanup } from '../../../src-main/cleanup/train.ts';
import { CleanupStatusSchema } from '../../../src-shared/api/schemas.ts';
import { syntheticCropSet } from '../../support/cleanup-crops.ts';
import { TINY_CONFIG } from './tiny-config.ts';

// The status call uses neither the context nor the job runner (the edge of this test).
const status = cleanupHandlers({} as HandlerContext, {} as JobRunner, new PathSet())['cleanup.status'];

describe('cleanup.status', () => {
  it('reports steps, history and the sample sheet of a model folder; nothing for an empty one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cleanup-status-'));
    expect(await status({ dir })).toMatchObject({ exists: false, steps: 0, history: [], samplePath: null });
    const config = CleanupConfigSchema.parse(TINY_CONFIG);
    await trainCleanup({
      outDir: dir,
      a: syntheticCropSet(config.size, 4, 1, true),
      b: syntheticCropSet(config.size, 4, 9, false),
      config,
      steps: 20,
      seed: 1,
      checkpointEvery: 10,
    });
    const s = CleanupStatusSchema.parse(await status({ dir }));
    expect(s).toMatchObject({ exists: true, steps: 20, stepsPlanned: 20, size: 16 });
    expect(s.history.map((h) => h.step)).toEqual([10, 20]);
    expect(s.samplePath).toBe(path.join(dir, 'samples', 'latest.png'));
  });
});
