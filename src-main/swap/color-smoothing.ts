// Colour statistics smoothed along the track. Each frame's Lab transfer takes its statistics from that
// frame alone: the target's skin under the matte changes with the actor's mouth and eyes, sensor noise and
// compression, and the warped face's with its expression, so the recoloured skin shimmered from frame to
// frame. The render takes every face's statistics first (a stats pass), then recolours each frame with a
// Gaussian-weighted mean of its track's statistics over the frames around it. The window reaches beyond a
// chunk's range (the render reads those frames too), so a chunked render equals a one-pass one.
import type { ColorStatsPair, LabStats } from './color-transfer.ts';
import type { FaceInFrame } from './swap-frame.ts';

/** Frames on each side of a frame whose statistics it sees. */
export const COLOR_SMOOTHING_RADIUS = 3;
/** Gaussian width in frames: light changes (a door opens) follow within a frame or two, noise does not. */
export const COLOR_SMOOTHING_SIGMA = 1.5;

/** Which faces of different frames share statistics: one track, from one source picture, one side. */
export function colorTrackKey(face: FaceInFrame, indexInFrame: number): string {
  const track = face.track ?? `face${indexInFrame}`;
  return `${track}:${face.source ?? -1}:${face.mirrored ? 'm' : 'n'}:${face.weight !== undefined && face.weight < 1 ? 'fade' : 'pick'}`;
}

function weightedStats(items: readonly { stats: LabStats; w: number }[]): LabStats {
  let total = 0;
  const mean: [number, number, number] = [0, 0, 0];
  const std: [number, number, number] = [0, 0, 0];
  let count = 0;
  for (const { stats, w } of items) {
    total += w;
    count += stats.count;
    for (let c = 0; c < 3; c++) {
      mean[c] = mean[c]! + w * stats.mean[c]!;
      std[c] = std[c]! + w * stats.std[c]!;
    }
  }
  for (let c = 0; c < 3; c++) {
    mean[c] = mean[c]! / total;
    std[c] = std[c]! / total;
  }
  return { mean, std, count: Math.round(count / Math.max(1, items.length)) };
}

/**
 * The statistics frame `frame` recolours with: the Gaussian-weighted mean (of means and of spreads) of the
 * track's statistics in [frame - radius, frame + radius], or null when the frame's own is null (the face
 * is too small to recolour, as without smoothing). `byFrame`: the track's statistics per frame.
 */
export function smoothColorStats(
  byFrame: ReadonlyMap<number, ColorStatsPair | null>,
  frame: number,
  radius = COLOR_SMOOTHING_RADIUS,
  sigma = COLOR_SMOOTHING_SIGMA,
): ColorStatsPair | null {
  const own = byFrame.get(frame);
  if (!own) return null;
  if (radius <= 0) return own;
  const source: { stats: LabStats; w: number }[] = [];
  const target: { stats: LabStats; w: number }[] = [];
  for (let f = frame - radius; f <= frame + radius; f++) {
    const s = byFrame.get(f);
    if (!s) continue;
    const w = Math.exp(-((f - frame) ** 2) / (2 * sigma * sigma));
    source.push({ stats: s.source, w });
    target.push({ stats: s.target, w });
  }
  return { source: weightedStats(source), target: weightedStats(target) };
}

/** Files one frame's statistics (as the stats pass returned them, face by face) under each face's track. */
export function recordColorStats(
  byTrack: Map<string, Map<number, ColorStatsPair | null>>,
  faces: readonly FaceInFrame[],
  frame: number,
  stats: readonly (ColorStatsPair | null)[],
): void {
  faces.forEach((face, k) => {
    const key = colorTrackKey(face, k);
    const m = byTrack.get(key) ?? new Map<number, ColorStatsPair | null>();
    m.set(frame, stats[k] ?? null);
    byTrack.set(key, m);
    // Statistics far behind are no longer needed (the render moves forward).
    for (const f of m.keys()) if (f < frame - 4 * COLOR_SMOOTHING_RADIUS) m.delete(f);
  });
}

/** The frame's faces, each with its track's smoothed statistics (unset where the frame's own is null). */
export function withSmoothedColor(
  faces: readonly FaceInFrame[],
  frame: number,
  byTrack: ReadonlyMap<string, ReadonlyMap<number, ColorStatsPair | null>>,
): FaceInFrame[] {
  return faces.map((face, k) => {
    const m = byTrack.get(colorTrackKey(face, k));
    const smoothed = m ? smoothColorStats(m, frame) : null;
    return smoothed ? { ...face, colorStats: smoothed } : face;
  });
}
