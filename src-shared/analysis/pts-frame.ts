// .pts exchange for one face in one frame of an analysis (keypoints to and from other tools).
import { formatPts, parsePts, type Point2 } from './pts.ts';
import { pointsBox } from './geometry.ts';
import { keypointsAt, type AnalysisFile, type FaceEntry } from './schema.ts';
import { IBUG_POINTS } from './ibug.ts';

/** The smoothed keypoints of track `track` at frame `frame` as .pts text; throws when absent. */
export function exportFramePts(a: AnalysisFile, frame: number, track: number): string {
  const kp = keypointsAt(a, frame, track);
  if (!kp) throw new Error(`no face of track ${track} at frame ${frame}`);
  return formatPts(kp);
}

/**
 * Replaces (or adds) track `track`'s keypoints at `frame` with the 68 points of a .pts file: they become
 * both raw and smoothed (hand-placed points are not filtered), confidence 1, not interpolated. Returns a new
 * analysis; the frame must have been analysed.
 */
export function importFramePts(a: AnalysisFile, frame: number, track: number, ptsText: string): AnalysisFile {
  const points = parsePts(ptsText);
  if (points.length !== IBUG_POINTS)
    throw new Error(`.pts has ${points.length} points, expected ${IBUG_POINTS}`);
  const entry = a.frames[String(frame)];
  if (!entry) throw new Error(`frame ${frame} is not in this analysis`);
  const kp = points.map(([x, y]): Point2 => [x, y]);
  const face: FaceEntry = {
    track,
    box: pointsBox(kp),
    confidence: 1,
    keypoints: kp,
    raw: kp,
    interpolated: false,
    detected: false,
  };
  const faces = entry.faces.some((f) => f.track === track)
    ? entry.faces.map((f) => (f.track === track ? face : f))
    : [...entry.faces, face];
  const tracks = a.tracks.some((t) => t.id === track)
    ? a.tracks.map((t) =>
        t.id === track ? { ...t, first: Math.min(t.first, frame), last: Math.max(t.last, frame) } : t,
      )
    : [...a.tracks, { id: track, first: frame, last: frame, meanConfidence: 1 }];
  return { ...a, frames: { ...a.frames, [String(frame)]: { ...entry, faces } }, tracks };
}
