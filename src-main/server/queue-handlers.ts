// The studio's render queue (src-main/queue/): the engine owns it, the studio shows it. The queue lives in
// the state folder and starts with the studio (resuming interrupted jobs); this file adapts it to the API.
import path from 'node:path';
import type { Handlers } from './dispatch.ts';
import type { HandlerContext } from './handlers.ts';
import type { PathSet } from './path-set.ts';
import { QueueService } from '../queue/queue-service.ts';
import { renderSpecFromProject } from '../../src-shared/render/from-project.ts';

/**
 * The queue of this studio, started. A finished queue render is a file this studio wrote: it is added to
 * `written` (the frame route may serve it, the file manager may reveal it).
 */
export function studioQueue(ctx: HandlerContext, written: readonly PathSet[]): QueueService {
  const queue = new QueueService({
    dbPath: path.join(ctx.stateDir, 'queue.sqlite'),
    stateDir: ctx.stateDir,
    modelDir: ctx.modelDir,
    onChange: (list) => {
      for (const job of list) {
        if (job.state !== 'completed') continue;
        for (const set of written) void set.add(job.out);
      }
      ctx.emit('queue.changed', { jobs: list });
    },
  });
  queue.start();
  return queue;
}

export function queueHandlers(
  queue: QueueService,
): Pick<Handlers, 'queue.list' | 'queue.add' | 'queue.control' | 'queue.reorder'> {
  return {
    'queue.list': async () => ({ jobs: queue.status.error ? [] : queue.jobs(), ...queue.status }),
    'queue.add': async (a) => {
      const spec = renderSpecFromProject(a.project, {
        projectPath: a.projectPath,
        clipId: a.clipId,
        range: { start: a.start, end: a.end },
        preset: { format: a.format, audio: a.audio, timecode: a.timecode },
        out: path.resolve(a.outPath),
      });
      const opts = { overwrite: a.overwrite, ...(a.chunkSize ? { chunkSize: a.chunkSize } : {}) };
      return { jobId: await queue.add(spec, opts) };
    },
    'queue.control': async ({ jobId, action, chunk }) => {
      queue.control(jobId, action, chunk);
      return {};
    },
    'queue.reorder': async ({ ids }) => {
      queue.reorder(ids);
      return {};
    },
  };
}
