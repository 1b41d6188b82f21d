// Building an analysis file (src-shared/analysis/schema.ts) and the analysis defaults that readers of such
// files need. No TF.js here: the swap engine and the CLI read and write analysis files without loading it.
import type { FrameRange } from '../../src-shared/frame-range.ts';
import {
  ANALYSIS_FORMAT,
  ANALYSIS_VERSION,
  type AnalysisFile,
  type AnalysisSettings,
  type ClipIdentity,
  type FrameEntry,
} from '../../src-shared/analysis/schema.ts';

/** Frames a track may miss and still continue (the gap is interpolated and flagged). */
export const DEFAULT_MAX_GAP = 8;
/** Tracking mode: the detector's period in frames. */
export const DEFAULT_DETECT_EVERY = 10;

export function makeAnalysisFile(
  clip: ClipIdentity,
  settings: AnalysisSettings,
  backend: string,
  range: FrameRange,
  frames: Map<number, FrameEntry>,
  tracks: AnalysisFile['tracks'],
  cuts: number[],
  msPerFrame: number,
): AnalysisFile {
  const record: Record<string, FrameEntry> = {};
  for (const [f, e] of [...frames.entries()].sort((a, b) => a[0] - b[0])) record[String(f)] = e;
  return {
    format: ANALYSIS_FORMAT,
    version: ANALYSIS_VERSION,
    clip,
    settings,
    backend,
    createdAt: new Date().toISOString(),
    ranges: frames.size > 0 ? [{ start: range.start, end: range.start + frames.size }] : [],
    frames: record,
    tracks,
    cuts,
    msPerFrame,
  };
}
