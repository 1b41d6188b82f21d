// A track chosen by the user (--track, the studio's face) must exist and have faces in the range: otherwise
// the render would swap nothing and report success. The error lists the tracks there are (from the frames
// themselves, so it is right for a merged file too).
import { InputError } from '../input-error.ts';
import type { FrameRange } from '../frame-range.ts';
import type { AnalysisFile } from './schema.ts';

/** Every track of the analysis with its first and last frame. */
export function trackSpans(analysis: AnalysisFile): Map<number, { first: number; last: number }> {
  const spans = new Map<number, { first: number; last: number }>();
  for (const [key, entry] of Object.entries(analysis.frames)) {
    const f = Number(key);
    for (const face of entry.faces) {
      const s = spans.get(face.track);
      if (!s) spans.set(face.track, { first: f, last: f });
      else {
        s.first = Math.min(s.first, f);
        s.last = Math.max(s.last, f);
      }
    }
  }
  return new Map([...spans].sort((a, b) => a[0] - b[0]));
}

export function checkTrack(analysis: AnalysisFile, track: number, range: FrameRange): void {
  const spans = trackSpans(analysis);
  const list = [...spans].map(([id, s]) => `${id} (frames ${s.first}-${s.last})`).join(', ');
  if (!spans.has(track)) {
    throw new InputError(
      spans.size > 0
        ? `track ${track} does not exist; the analysis has track(s) ${list}`
        : `track ${track} does not exist: no face was tracked in this clip`,
    );
  }
  for (let f = range.start; f < range.end; f++) {
    if (analysis.frames[String(f)]?.faces.some((face) => face.track === track)) return;
  }
  throw new InputError(
    `track ${track} has no face in frames ${range.start}-${range.end - 1}; the analysis has track(s) ${list}`,
  );
}
