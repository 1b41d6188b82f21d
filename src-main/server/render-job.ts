// A swap render in the job worker: the swap engine's own swapClip (the product path), fed with the clip's
// stored analysis with the project's keypoint edits applied (through the FaceAnalyzer it accepts), and all
// of the project's swap settings (mask erode / feather / mouth, colour, Poisson, mirror). The preview is
// the same call for one frame.
import { readFile } from 'node:fs/promises';
import { createFaceAnalyzer, type FaceAnalyzer } from '../analysis/face-analyzer.ts';
import { parseAnalysis } from '../../src-shared/analysis/schema.ts';
import { maskOptions } from '../../src-shared/project/schema.ts';
import { swapClip } from '../swap/swap-clip.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import type { RenderJobSpec } from './job-messages.ts';
import { applyEdits, coversRange } from './edited-analysis.ts';
import { withPrimaryChain } from './primary-face.ts';

/** The real analyzer, except that the clip's analysis comes from the stored file with the edits applied. */
async function editedAnalyzer(
  real: FaceAnalyzer,
  spec: RenderJobSpec,
): Promise<{ analyzer: FaceAnalyzer; track?: number }> {
  if (!spec.analysisPath) return { analyzer: real };
  const stored = parseAnalysis(await readFile(spec.analysisPath, 'utf8'), spec.analysisPath);
  const { analysis: chained, track } = withPrimaryChain(stored);
  if (track === null || !coversRange(stored, spec.start, spec.end)) return { analyzer: real };
  const edited = applyEdits(chained, track, spec.keyframes, spec.interpolation);
  const analyzer: FaceAnalyzer = {
    backend: real.backend,
    models: real.models,
    detectImage: (frame) => real.detectImage(frame),
    analyzeClip: async (path, opts) => (path === spec.target ? edited : real.analyzeClip(path, opts)),
    dispose: () => real.dispose(),
  };
  return { analyzer, track };
}

export async function runRender(
  spec: RenderJobSpec,
  signal: AbortSignal,
  onProgress: ProgressListener,
): Promise<string> {
  const real = await createFaceAnalyzer();
  try {
    const { analyzer, track } = await editedAnalyzer(real, spec);
    const summary = await swapClip({
      source: spec.source,
      sourceFrame: spec.sourceFrame,
      target: spec.target,
      out: spec.out,
      format: spec.format,
      range: { start: spec.start, end: spec.end },
      ...(track !== undefined ? { track } : {}),
      colorTransfer: spec.swap.colorTransfer,
      poisson: spec.swap.poisson,
      mask: maskOptions(spec.swap),
      mirror: spec.swap.mirror,
      audio: spec.audio,
      timecode: spec.timecode,
      modelDir: spec.modelDir,
      overwrite: spec.overwrite,
      analyzer,
      signal,
      onProgress,
    });
    return summary.out;
  } finally {
    real.dispose();
  }
}
