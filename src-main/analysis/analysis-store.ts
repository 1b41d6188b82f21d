// Analysis files on disk: atomic save, validated load, and re-analysis that computes only what is missing.
//
//   await saveAnalysis(path, file);          // temp name in the same folder, then rename
//   const file = await loadAnalysis(path);   // zod-validated; throws a readable error when invalid
//   const r = await analyzeClipCached(analyzer, clip, outPath, { range, mode, onProgress, signal });
//     -> { analysis, computed: FrameRange[], reason } (computed = [] when the file already covered the range)
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { existsSync } from 'node:fs';
import { parseAnalysis, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import { mergeAnalysis, subtractRanges } from '../../src-shared/analysis/merge.ts';
import { clampRange, type FrameRange } from '../../src-shared/frame-range.ts';
import type { FaceAnalyzer, AnalyzeClipOptions } from './face-analyzer.ts';
import { probe } from '../media/probe.ts';
import { clipIdentity, sameClip } from './clip-identity.ts';
import { DEFAULT_DETECT_EVERY } from './analysis-file.ts';

export async function loadAnalysis(file: string): Promise<AnalysisFile> {
  return parseAnalysis(await readFile(file, 'utf8'), file);
}

/** Keypoints to 1/1000 px: a third of the file size, far below any tool's precision. */
function roundFractions(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

export async function saveAnalysis(file: string, data: AnalysisFile): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(data, roundFractions) + '\n');
}

export interface CachedResult {
  analysis: AnalysisFile;
  /** Ranges computed now (empty: everything was already in the file). */
  computed: FrameRange[];
  /** Why the existing file was (partly) discarded or reused. */
  reason: string;
}

/**
 * An analyzer, or a function that creates one when first needed: loading TF.js and the face models costs
 * ~0.5 s, which a render whose analysis is all in the file should not pay.
 */
export type AnalyzerSource = FaceAnalyzer | (() => Promise<FaceAnalyzer>);

export function getAnalyzer(source: AnalyzerSource): Promise<FaceAnalyzer> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/**
 * Analyses the frames of `range` that `outPath` does not hold yet (all of them when the clip changed); the
 * analyzer is only asked for when something is missing.
 */
export async function analyzeClipCached(
  analyzer: AnalyzerSource,
  clip: string,
  outPath: string,
  opts: AnalyzeClipOptions = {},
): Promise<CachedResult> {
  const info = opts.info ?? (await probe(clip, opts.signal ? { signal: opts.signal } : {}));
  const identity = await clipIdentity(clip, info);
  const range = clampRange(opts.range, info.frameCount);
  let base: AnalysisFile | null = null;
  let reason = 'no previous analysis';
  if (existsSync(outPath)) {
    try {
      const old = await loadAnalysis(outPath);
      const mode = opts.mode ?? 'tracking';
      const every = opts.detectEvery ?? DEFAULT_DETECT_EVERY;
      if (!sameClip(old.clip, identity)) reason = 'the clip changed since the previous analysis';
      else if (old.settings.mode !== mode || old.settings.detectEvery !== every)
        reason = 'different settings';
      else {
        base = old;
        reason = 'reused the previous analysis';
      }
    } catch (err) {
      reason = `previous analysis unreadable (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  const missing = base ? subtractRanges(range, base.ranges) : [range];
  let result = base;
  for (const part of missing) {
    const analysed = await (await getAnalyzer(analyzer)).analyzeClip(clip, { ...opts, info, range: part });
    result = result ? mergeAnalysis(result, analysed) : analysed;
  }
  if (!result) throw new Error('nothing to analyse');
  if (missing.length > 0) await saveAnalysis(outPath, result);
  return { analysis: result, computed: missing, reason };
}
