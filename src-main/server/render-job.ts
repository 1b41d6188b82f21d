// A swap render in the job worker: the swap engine's own swapClip (the product path), fed with the clip's
// stored analysis with the project's keypoint edits applied, and all of the project's swap settings (mask
// erode / feather / mouth, colour, Poisson, mirror). The preview is the same call for one frame.
import { readFile } from 'node:fs/promises';
import { parseAnalysis, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { maskOptions } from '../../src-shared/project/schema.ts';
import { swapClip } from '../swap/swap-clip.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import type { RenderJobSpec } from './job-messages.ts';
import { applyEdits, coversRange } from './edited-analysis.ts';
import { withPrimaryChain } from './primary-face.ts';

/** The clip's stored analysis with the project's edits applied to its primary track, when it covers the range. */
async function editedAnalysis(
  spec: RenderJobSpec,
): Promise<{ analysis: AnalysisFile; track: number } | null> {
  if (!spec.analysisPath) return null;
  const stored = parseAnalysis(await readFile(spec.analysisPath, 'utf8'), spec.analysisPath);
  const { analysis: chained, track } = withPrimaryChain(stored);
  if (track === null || !coversRange(stored, spec.start, spec.end)) return null;
  return { analysis: applyEdits(chained, track, spec.keyframes, spec.interpolation), track };
}

export async function runRender(
  spec: RenderJobSpec,
  signal: AbortSignal,
  onProgress: ProgressListener,
): Promise<string> {
  const edited = await editedAnalysis(spec);
  // The face models load only if something is not analysed yet: the source face is kept in the state folder
  // after its first detection, so a preview after the first one starts without them.
  const summary = await swapClip({
    source: spec.source,
    sourceFrame: spec.sourceFrame,
    target: spec.target,
    out: spec.out,
    format: spec.format,
    range: { start: spec.start, end: spec.end },
    ...(edited ? { targetAnalysis: edited.analysis, track: edited.track } : {}),
    colorTransfer: spec.swap.colorTransfer,
    poisson: spec.swap.poisson,
    mask: maskOptions(spec.swap),
    mirror: spec.swap.mirror,
    audio: spec.audio,
    timecode: spec.timecode,
    modelDir: spec.modelDir,
    overwrite: spec.overwrite,
    stateDir: spec.stateDir,
    // The project's cleanup model (its folder, from depthswap cleanup train or the Cleanup panel).
    ...(spec.swap.cleanupModel
      ? { cleanup: { dir: spec.swap.cleanupModel, strength: spec.swap.cleanupStrength } }
      : {}),
    signal,
    onProgress,
  });
  return summary.out;
}
