// A swap render in the job worker: the render engine (src-main/render/render-engine.ts) run from the job's
// render spec, validated again at this boundary. The preview is the same call for one frame.
import { parseRenderSpec } from '../../src-shared/render/spec.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { runRenderSpec } from '../render/render-engine.ts';
import type { RenderJobSpec } from './job-messages.ts';

export async function runRender(
  job: RenderJobSpec,
  signal: AbortSignal,
  onProgress: ProgressListener,
): Promise<string> {
  const spec = parseRenderSpec(job.spec, `${job.kind} job`);
  const result = await runRenderSpec(spec, {
    modelDir: job.modelDir,
    stateDir: job.stateDir,
    overwrite: job.overwrite,
    // A preview of a clip not analysed yet analyses its one frame, not the whole clip.
    analyse: job.kind === 'preview' ? 'part' : 'clip',
    ...(job.kind === 'preview' ? { contextMargin: 250 } : {}),
    ...(job.resolution ? { resolution: job.resolution } : {}),
    ...(job.contactSheet ? { contactSheet: job.contactSheet } : {}),
    signal,
    onProgress,
  });
  // A contact sheet job's output is the sheet (its render is a by-product in the state folder).
  return job.kind === 'contact-sheet' ? (result.summary.contactSheet ?? result.out) : result.out;
}
