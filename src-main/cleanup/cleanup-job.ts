// The studio's cleanup training job (run in the engine's job worker thread): the project's crops (made
// once, cached in outDir/crops), then the trainer, which resumes from outDir/checkpoint when one exists,
// so a cancelled job or one cut short by a studio restart continues where it stopped.
import path from 'node:path';
import type { Progress, ProgressListener } from '../../src-shared/progress.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import { CleanupConfigSchema } from './config.ts';
import { cropInputsOf } from './project-inputs.ts';
import { buildTrainingCrops } from './training-crops.ts';
import { trainCleanup } from './train.ts';

export interface CleanupTrainJobSpec {
  kind: 'cleanup-train';
  project: Project;
  clipId: string;
  out: string;
  steps: number;
  size?: number;
  blocks?: number;
  ngf?: number;
  seed?: number;
  checkpointEvery?: number;
  modelDir: string;
  stateDir: string;
}

export async function runCleanupTrain(
  spec: CleanupTrainJobSpec,
  signal: AbortSignal,
  onProgress: ProgressListener,
): Promise<string> {
  const config = CleanupConfigSchema.parse({
    ...(spec.size !== undefined ? { size: spec.size } : {}),
    ...(spec.blocks !== undefined ? { blocks: spec.blocks } : {}),
    ...(spec.ngf !== undefined ? { ngf: spec.ngf } : {}),
  });
  const inputs = await cropInputsOf(spec.project, spec.clipId, process.cwd(), {
    modelDir: spec.modelDir,
    stateDir: spec.stateDir,
  });
  const crops = await buildTrainingCrops(inputs, {
    size: config.size,
    cacheDir: path.join(spec.out, 'crops'),
    signal,
    onProgress: (p: Progress) =>
      onProgress({ ...p, stage: p.stage === 'analyse' ? 'analyse' : 'cleanup-crops' }),
  });
  await trainCleanup({
    outDir: spec.out,
    a: crops.a,
    b: crops.b,
    config,
    steps: spec.steps,
    seed: spec.seed ?? 1,
    checkpointEvery: spec.checkpointEvery ?? 50,
    signal,
    onProgress,
    clip: crops.clip,
    source: inputs.source,
    data: `aligned crops of ${path.basename(inputs.target)} (studio job)`,
  });
  return spec.out;
}
