// The Cleanup panel's API: start (or resume) a training job, and read a model folder's status (steps,
// loss history, latest sample sheet, whether it was trained on this clip) from its files, without TF.js.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from './dispatch.ts';
import type { HandlerContext } from './handlers.ts';
import type { JobRunner } from './jobs.ts';
import type { PathSet } from './path-set.ts';
import type { CleanupStatus } from '../../src-shared/api/schemas.ts';
import { CleanupMetaSchema } from '../cleanup/model-meta.ts';
import { clipIdentity, sameClip } from '../analysis/clip-identity.ts';
import { probe } from '../media/probe.ts';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

export function cleanupHandlers(
  ctx: HandlerContext,
  jobs: JobRunner,
  /** Images the frame route may serve: the sample sheet of a model folder the page asked about. */
  reachable: PathSet,
): Pick<Handlers, 'cleanup.train' | 'cleanup.status'> {
  return {
    'cleanup.train': async (args) => {
      if (!args.project.clips.some((c) => c.id === args.clipId))
        throw new Error(`the project has no clip '${args.clipId}'`);
      const { project, clipId, outDir, ...rest } = args;
      const jobId = jobs.start({
        kind: 'cleanup-train',
        project,
        clipId,
        out: path.resolve(outDir),
        ...rest,
        modelDir: ctx.modelDir,
        stateDir: ctx.stateDir,
      });
      return { jobId };
    },
    'cleanup.status': async ({ dir, project, clipId }) => {
      const status: CleanupStatus = {
        exists: false,
        steps: 0,
        stepsPlanned: null,
        size: null,
        history: [],
        samplePath: null,
        sameClip: null,
      };
      const meta = CleanupMetaSchema.safeParse(await readJson(path.join(dir, 'cleanup.json')));
      if (meta.success) {
        status.exists = true;
        status.steps = meta.data.steps;
        status.size = meta.data.size;
        const planned = meta.data.training['stepsPlanned'];
        status.stepsPlanned = typeof planned === 'number' ? planned : null;
        const clip = project?.clips.find((c) => c.id === clipId);
        if (clip && meta.data.clip) {
          try {
            status.sameClip = sameClip(await clipIdentity(clip.path, await probe(clip.path)), meta.data.clip);
          } catch {
            status.sameClip = null;
          }
        }
      }
      const history = await readJson(path.join(dir, 'history.json'));
      if (Array.isArray(history)) {
        status.history = history.flatMap((h: unknown) => {
          const e = h as Record<string, unknown>;
          const n = (k: string) => (typeof e[k] === 'number' ? (e[k] as number) : NaN);
          const row = { step: n('step'), g: n('g'), d: n('d'), cycle: n('cycle'), identity: n('identity') };
          return Object.values(row).every(Number.isFinite) ? [row] : [];
        });
      }
      const sheet = path.join(dir, 'samples', 'latest.png');
      if (await exists(sheet)) {
        status.samplePath = sheet;
        await reachable.add(sheet);
      }
      return status;
    },
  };
}
