// Which source clip frame the render swaps from at each target frame, when a clip's swap uses
// pose-matched source frames: the render's own steps (render-engine.ts, swap-clip.ts) up to the choice,
// without rendering: the clip's analysis with the primary face chained and the keypoint edits applied, the
// source clip analysed (cached in the state folder), and swap/source-frames.ts chooseSourceClipFrames.
// The studio shows the pick of the current target frame.
import { readFile } from 'node:fs/promises';
import { parseAnalysis } from '../../src-shared/analysis/schema.ts';
import type { SourceFrames } from '../../src-shared/api/schemas.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';
import { lazyAnalyzer, type AnalyzerSource } from '../analysis/analysis-store.ts';
import { chooseSourceClipFrames } from '../swap/source-frames.ts';
import { cachedAnalysisPath } from '../swap/swap-analysis.ts';
import { applyEdits } from './edited-analysis.ts';
import { withPrimaryChain } from './primary-face.ts';

export interface SourceFramesReportOptions {
  stateDir: string;
  analyzer?: AnalyzerSource;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export async function sourceFramesReport(
  spec: RenderSpec,
  opts: SourceFramesReportOptions,
): Promise<SourceFrames> {
  if (spec.swap.sourceFrames !== 'pose-matched')
    throw new Error("the clip's swap uses one source frame: choose pose-matched source frames first");
  if (!spec.analysis)
    throw new Error('analyse the clip first: source frames are chosen against its keypoints');
  const stored = parseAnalysis(await readFile(spec.analysis, 'utf8'), spec.analysis);
  const { analysis: chained, track } = withPrimaryChain(stored);
  const analysis = track === null ? chained : applyEdits(chained, track, spec.keyframes, spec.interpolation);
  const analyzer = lazyAnalyzer(opts.analyzer);
  try {
    const chosen = await chooseSourceClipFrames({
      source: spec.source.path,
      target: analysis,
      ...(track !== null ? { track } : {}),
      mirror: spec.swap.mirror !== 'off',
      analyzer: analyzer.get,
      file: cachedAnalysisPath(opts.stateDir, spec.source.path),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: (p) => opts.onProgress?.({ ...p, stage: 'analyse source' }) } : {}),
    });
    const perFrame: SourceFrames['perFrame'] = {};
    // The primary face's track (one track once chained); without one, the first face of each frame.
    for (const choices of chosen.byClipFrame.values())
      for (const [f, c] of choices)
        perFrame[String(f)] ??= {
          frame: c.frame,
          mirrored: c.mirrored,
          fade: c.fade ? { frame: c.fade.frame, mirrored: c.fade.mirrored, weight: c.fade.weight } : null,
        };
    return { source: spec.source.path, candidates: chosen.candidates.length, perFrame };
  } finally {
    analyzer.dispose();
  }
}
