// API handlers of the per-source DepthNet adaptation: start the job, and tell whether the active source has
// an adapted model (the Inspector's "depth model" setting).
import type { Handlers } from './dispatch.ts';
import type { HandlerContext } from './handlers.ts';
import type { JobRunner } from './jobs.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import {
  adaptedModelDir,
  adaptedSummary,
  defaultDataDir,
  hasAdaptedModel,
} from '../depthnet/adapted-models.ts';

function activeSource(project: Project) {
  return project.sources.find((s) => s.id === project.activeSourceId) ?? project.sources[0] ?? null;
}

export function adaptHandlers(
  ctx: HandlerContext,
  jobs: JobRunner,
): Pick<Handlers, 'depthnet.adapt' | 'depthnet.adaptStatus'> {
  return {
    'depthnet.adapt': async ({ project, steps }) => {
      const source = activeSource(project);
      if (!source) throw new Error('the project has no source face: import a source clip first');
      const jobId = jobs.start({
        kind: 'adapt',
        source: source.path,
        modelDir: ctx.modelDir,
        out: adaptedModelDir(ctx.stateDir, source.path),
        stateDir: ctx.stateDir,
        dataDir: defaultDataDir(),
        ...(steps ? { steps } : {}),
      });
      return { jobId };
    },
    'depthnet.adaptStatus': async ({ project }) => {
      const source = activeSource(project);
      if (!source) return { source: null, adapted: false, summary: null };
      return {
        source: source.path,
        adapted: hasAdaptedModel(ctx.stateDir, source.path),
        summary: await adaptedSummary(ctx.stateDir, source.path),
      };
    },
  };
}
