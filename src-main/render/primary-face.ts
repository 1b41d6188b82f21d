// The face the studio edits and swaps, frame by frame: it follows the longest track, and where that track
// ends (a re-tracked segment, a tracker hand-off) it continues with the face overlapping it most. The chain
// is relabelled to one track id so the swap engine sees one continuous track.
import type { AnalysisFile, FaceEntry } from '../../src-shared/analysis/schema.ts';

export function primaryTrack(a: AnalysisFile): number | null {
  let best: AnalysisFile['tracks'][number] | null = null;
  for (const t of a.tracks) {
    const len = t.last - t.first;
    const bestLen = best ? best.last - best.first : -1;
    if (!best || len > bestLen || (len === bestLen && t.meanConfidence > best.meanConfidence)) best = t;
  }
  return best?.id ?? null;
}

function iou(a: FaceEntry['box'], b: FaceEntry['box']): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Frame -> the primary face (absent where there is none). */
export function primaryFaces(a: AnalysisFile, minIou = 0.3): Map<number, FaceEntry> {
  const out = new Map<number, FaceEntry>();
  let track = primaryTrack(a);
  if (track === null) return out;
  let last: FaceEntry | null = null;
  const frames = Object.keys(a.frames)
    .map(Number)
    .sort((x, y) => x - y);
  for (const f of frames) {
    const faces = a.frames[String(f)]!.faces;
    let face = faces.find((x) => x.track === track);
    if (!face && last) {
      let best = minIou;
      for (const x of faces) {
        const o = iou(x.box, last.box);
        if (o >= best) {
          best = o;
          face = x;
        }
      }
      if (face) track = face.track;
    }
    if (face) {
      out.set(f, face);
      last = face;
    }
  }
  return out;
}

/** The analysis with the primary chain as one new track (a fresh id), for the swap engine. */
export function withPrimaryChain(a: AnalysisFile): { analysis: AnalysisFile; track: number | null } {
  const chain = primaryFaces(a);
  if (chain.size === 0) return { analysis: a, track: null };
  const chainId = a.tracks.reduce((m, t) => Math.max(m, t.id + 1), 0);
  const frames: AnalysisFile['frames'] = {};
  for (const [key, entry] of Object.entries(a.frames)) {
    const chosen = chain.get(Number(key));
    frames[key] = { ...entry, faces: entry.faces.map((x) => (x === chosen ? { ...x, track: chainId } : x)) };
  }
  const chosenFrames = [...chain.keys()];
  let confidence = 0;
  for (const face of chain.values()) confidence += face.confidence / chain.size;
  const summary = {
    id: chainId,
    first: Math.min(...chosenFrames),
    last: Math.max(...chosenFrames),
    meanConfidence: confidence,
  };
  return { analysis: { ...a, frames, tracks: [...a.tracks, summary] }, track: chainId };
}
