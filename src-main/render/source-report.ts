// The source face checked against a render spec's clip before rendering, by the steps the render itself
// takes (render-engine.ts, swap-clip.ts): the same source face (source-face.ts, cached detection in the
// state folder), the clip's analysis with the primary face chained and the keypoint edits applied, and
// checkSourceFace over the spec's range. The studio shows the result when a source is chosen and in the
// export dialog; a source the render would refuse (no face, only a profile) says why.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseAnalysis, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { SourceCheck } from '../../src-shared/api/schemas.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';
import { sourceFaceWarnings, faceSizePx } from '../../src-shared/geometry/source-face.ts';
import { lazyAnalyzer, type AnalyzerSource } from '../analysis/analysis-store.ts';
import { cachedAnalysisPath, findSourceFace } from '../swap/swap-analysis.ts';
import { checkSourceFace } from '../swap/source-check.ts';
import { isCancelled } from '../util/cancel.ts';
import { userMessage } from '../util/user-message.ts';
import { applyEdits } from './edited-analysis.ts';
import { withPrimaryChain } from './primary-face.ts';
import { contextRange } from './context.ts';

export interface SourceReportOptions {
  stateDir: string;
  analyzer?: AnalyzerSource;
  signal?: AbortSignal;
}

/** The clip's analysis as the render sees it (edits applied), or null when it does not cover the range. */
async function renderAnalysis(spec: RenderSpec): Promise<{ analysis: AnalysisFile; track?: number } | null> {
  if (!spec.analysis || !existsSync(spec.analysis)) return null;
  const stored = parseAnalysis(await readFile(spec.analysis, 'utf8'), spec.analysis);
  if (!contextRange(stored, spec.range)) return null;
  const { analysis, track } = withPrimaryChain(stored);
  if (track === null) return { analysis };
  return { analysis: applyEdits(analysis, track, spec.keyframes, spec.interpolation), track };
}

export async function sourceReport(spec: RenderSpec, opts: SourceReportOptions): Promise<SourceCheck> {
  const base = { source: spec.source.path, sourceFrame: spec.source.frame, range: spec.range };
  const analyzer = lazyAnalyzer(opts.analyzer);
  try {
    const target = await renderAnalysis(spec);
    let keypoints: [number, number][];
    try {
      const found = await findSourceFace(analyzer.get, spec.source.path, {
        file: cachedAnalysisPath(opts.stateDir, spec.source.path),
        sourceFrame: spec.source.frame,
        // Pose-matched source frames: this frame is only the fallback, so a profile is accepted (swap-clip.ts).
        ...(spec.swap.sourceFrames === 'pose-matched' ? { allowProfile: true } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      keypoints = found.keypoints;
    } catch (err) {
      if (isCancelled(err, opts.signal)) throw err;
      return { ...base, sizePx: null, targetSizePx: null, warnings: [], refused: userMessage(err) };
    }
    if (!target) {
      const sizePx = Math.round(faceSizePx(keypoints));
      return { ...base, sizePx, targetSizePx: null, warnings: sourceFaceWarnings(keypoints), refused: null };
    }
    const checked = checkSourceFace(keypoints, target.analysis, spec.range, target.track, 0);
    return {
      ...base,
      sizePx: checked.summary.sizePx,
      targetSizePx: checked.summary.targetSizePx,
      warnings: checked.warnings,
      refused: null,
    };
  } finally {
    analyzer.dispose();
  }
}
