// Actions of the depth-model panel: start the adaptation job (tracked like every job), read the status.
import type { Studio } from '../../state/studio.ts';
import type { Project } from '../../../src-shared/project/schema.ts';

export interface AdaptStatus {
  source: string | null;
  adapted: boolean;
  summary: string | null;
}

/** What the status depends on: the active source. */
export function adaptStatusKey(project: Project): string {
  const s = project.sources.find((x) => x.id === project.activeSourceId) ?? project.sources[0];
  return s?.path ?? '';
}

export function depthModelActions(studio: Studio) {
  return {
    async adapt(): Promise<void> {
      const project = studio.store.get().project;
      const r = await studio.guard('adapt', () => studio.api.call('depthnet.adapt', { project }));
      if (r) studio.jobs.trackJob(r.jobId, 'adapt');
    },
    status(): Promise<AdaptStatus | undefined> {
      const project = studio.store.get().project;
      return studio.guard('adapt status', () => studio.api.call('depthnet.adaptStatus', { project }));
    },
  };
}
