// Chunks add up: the temporal steps of a render (the mirror choice with its hysteresis, the smoothing of
// affine and depth along a track) must see the same frames whichever part of the clip is rendered. They
// run over the analysis's whole contiguous analysed span around the part (the whole track, from where it
// starts to where it ends), never only over the part, so a render split anywhere and joined is identical
// to one pass (tests/integration/render/chunks.test.ts checks the framemd5).
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';

/**
 * The maximal run of analysed frames (the union of touching `ranges`) that holds `part`, or null when some
 * frame of `part` was not analysed.
 */
export function contextRange(analysis: AnalysisFile, part: FrameRange): FrameRange | null {
  const ranges = [...analysis.ranges].sort((a, b) => a.start - b.start);
  const merged: FrameRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  return merged.find((r) => r.start <= part.start && r.end >= part.end) ?? null;
}

/** Splits [start, end) into chunks of `size` frames (the last one shorter). */
export function chunkRanges(range: FrameRange, size: number): FrameRange[] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`chunk size must be a whole number >= 1 (got ${size})`);
  const out: FrameRange[] = [];
  for (let s = range.start; s < range.end; s += size)
    out.push({ start: s, end: Math.min(range.end, s + size) });
  return out;
}
