// The Render Queue panel's state: the engine's job list, loaded at mount and kept live by 'queue.changed'
// events; the actions go to the engine (it owns the queue: it survives a studio restart and is shared
// with `depthswap queue` in a terminal).
import { useEffect, useState } from 'react';
import type { QueueJob } from '../../../src-shared/queue/schema.ts';
import type { Studio } from '../../state/studio.ts';

export interface QueueView {
  jobs: QueueJob[];
  db: string | null;
  error: string | null;
}

export function useQueue(studio: Studio): QueueView {
  const [view, setView] = useState<QueueView>({ jobs: [], db: null, error: null });
  useEffect(() => {
    let alive = true;
    const off = studio.api.on('queue.changed', ({ jobs }) => {
      if (alive) setView((v) => ({ ...v, jobs }));
    });
    void studio.guard('render queue', async () => {
      const r = await studio.api.call('queue.list', {});
      if (alive) setView({ jobs: r.jobs, db: r.db, error: r.error });
    });
    return () => {
      alive = false;
      off();
    };
  }, [studio]);
  return view;
}

export type QueueAction = 'pause' | 'resume' | 'cancel' | 'retry' | 'remove';

export function queueActions(studio: Studio) {
  return {
    control: (jobId: string, action: QueueAction, chunk?: number) =>
      studio.guard('render queue', () =>
        studio.api.call('queue.control', { jobId, action, ...(chunk !== undefined ? { chunk } : {}) }),
      ),
    /** Moves `jobId` to where `beforeId` is (a drag and drop), among the unfinished jobs. */
    move: (jobs: QueueJob[], jobId: string, beforeId: string) => {
      const ids = jobs.filter((j) => !['completed', 'failed', 'canceled'].includes(j.state)).map((j) => j.id);
      const from = ids.indexOf(jobId);
      const to = ids.indexOf(beforeId);
      if (from < 0 || to < 0 || from === to) return;
      ids.splice(from, 1);
      ids.splice(to, 0, jobId);
      return studio.guard('render queue', () => studio.api.call('queue.reorder', { ids }));
    },
    reveal: (p: string) => studio.jobs.reveal(p),
  };
}
