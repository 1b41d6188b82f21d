// Range arithmetic and merging of analysis files, for re-analysis that computes only what is missing.
import type { FrameRange } from '../frame-range.ts';
import type { AnalysisFile, FaceEntry } from './schema.ts';

/** Sorted, disjoint union of half-open ranges (touching ranges are joined). */
export function unionRanges(ranges: readonly FrameRange[]): FrameRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: FrameRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** The parts of `want` not covered by `have`. */
export function subtractRanges(want: FrameRange, have: readonly FrameRange[]): FrameRange[] {
  const out: FrameRange[] = [];
  let cursor = want.start;
  for (const h of unionRanges(have)) {
    if (h.end <= cursor) continue;
    if (h.start >= want.end) break;
    if (h.start > cursor) out.push({ start: cursor, end: Math.min(h.start, want.end) });
    cursor = Math.max(cursor, h.end);
    if (cursor >= want.end) break;
  }
  if (cursor < want.end) out.push({ start: cursor, end: want.end });
  return out;
}

/**
 * Adds a newly analysed part to a base analysis of the same clip: the part's track ids are shifted past the
 * base's, frames/cuts/ranges are united. Tracks are not joined across the seam between the two.
 */
export function mergeAnalysis(base: AnalysisFile, part: AnalysisFile): AnalysisFile {
  const offset = base.tracks.reduce((m, t) => Math.max(m, t.id + 1), 0);
  const frames = { ...base.frames };
  for (const [k, entry] of Object.entries(part.frames)) {
    frames[k] = {
      cut: entry.cut,
      faces: entry.faces.map((f): FaceEntry => ({ ...f, track: f.track + offset })),
    };
  }
  const baseCount = Object.keys(base.frames).length;
  const partCount = Object.keys(part.frames).length;
  const total = baseCount + partCount;
  return {
    ...part,
    frames: Object.fromEntries(Object.entries(frames).sort((a, b) => Number(a[0]) - Number(b[0]))),
    ranges: unionRanges([...base.ranges, ...part.ranges]),
    tracks: [...base.tracks, ...part.tracks.map((t) => ({ ...t, id: t.id + offset }))],
    cuts: [...new Set([...base.cuts, ...part.cuts])].sort((a, b) => a - b),
    msPerFrame: total > 0 ? (base.msPerFrame * baseCount + part.msPerFrame * partCount) / total : 0,
  };
}
