// What a DepthNet adaptation learns from: the frames of one track of a clip's analysis (same person, many
// poses) and pairs of them chosen far apart in head pose (not neighbours, which teach nothing about depth).
// Pure: validated input in, frames and seeded pairs out, with one-line reasons for bad input.
import type { AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { estimateHeadPose, poseDistanceDeg, type HeadPose } from '../../src-shared/geometry/head-pose.ts';
import { mixSeed, mulberry32, randInt } from '../../src-shared/depthnet/rng.ts';

/** Frames a track needs for adaptation, and the spread of head pose (yaw/pitch, degrees) among them. */
export const MIN_FRAMES = 8;
export const MIN_POSE_SPREAD_DEG = 5;
/** Pairs are drawn among frames at least this far apart in pose (and at least half the track's spread). */
export const MIN_PAIR_DISTANCE_DEG = 3;

export interface TrackFrame {
  frame: number;
  /** 68 keypoints, interleaved x, y (source pixels). */
  xy: Float64Array;
  pose: HeadPose;
}

export interface AdaptationFrames {
  track: number;
  frames: TrackFrame[];
  /** Largest pose distance between two frames (degrees). */
  spreadDeg: number;
  /** Index pairs into `frames`, far apart in pose (each unordered pair once). */
  candidates: [number, number][];
  /** The pose distance the candidates are at least apart. */
  pairDistanceDeg: number;
}

/** The track to adapt on: the given one (must exist), else the one with the most frames. */
export function pickTrack(analysis: AnalysisFile, track?: number): number {
  const counts = new Map<number, number>();
  for (const entry of Object.values(analysis.frames))
    for (const f of entry.faces) if (!f.interpolated) counts.set(f.track, (counts.get(f.track) ?? 0) + 1);
  if (track !== undefined) {
    if (!counts.has(track)) {
      const known = [...counts.keys()].sort((a, b) => a - b);
      throw new Error(
        `track ${track} is not in the analysis (tracks: ${known.length ? known.join(', ') : 'none'})`,
      );
    }
    return track;
  }
  let best: number | null = null;
  for (const [t, n] of counts) if (best === null || n > counts.get(best)!) best = t;
  if (best === null) throw new Error('the analysis holds no face');
  return best;
}

/** The track's detected (not interpolated) frames in `range` (default: all), with their head pose. */
export function trackFrames(analysis: AnalysisFile, track: number, range?: FrameRange): TrackFrame[] {
  const out: TrackFrame[] = [];
  const frames = Object.keys(analysis.frames)
    .map(Number)
    .sort((a, b) => a - b);
  for (const f of frames) {
    if (range && (f < range.start || f >= range.end)) continue;
    const face = analysis.frames[String(f)]!.faces.find((x) => x.track === track);
    if (!face || face.interpolated) continue;
    const xy = Float64Array.from(face.keypoints.flat());
    out.push({ frame: f, xy, pose: estimateHeadPose(xy) });
  }
  return out;
}

/** Frames and far-apart pairs for adaptation; throws with what is missing when there are too few. */
export function adaptationFrames(
  analysis: AnalysisFile,
  opts: { track?: number; range?: FrameRange } = {},
): AdaptationFrames {
  const track = pickTrack(analysis, opts.track);
  const frames = trackFrames(analysis, track, opts.range);
  const where = opts.range ? ` in frames ${opts.range.start}-${opts.range.end - 1}` : '';
  if (frames.length < MIN_FRAMES)
    throw new Error(
      `track ${track} has ${frames.length} analysed frame(s)${where}; adaptation needs at least ${MIN_FRAMES}`,
    );
  let spread = 0;
  for (let i = 0; i < frames.length; i++)
    for (let j = i + 1; j < frames.length; j++)
      spread = Math.max(spread, poseDistanceDeg(frames[i]!.pose, frames[j]!.pose));
  if (spread < MIN_POSE_SPREAD_DEG)
    throw new Error(
      `track ${track}'s head pose varies by ${spread.toFixed(1)} degrees${where}; adaptation needs ` +
        `frames at least ${MIN_POSE_SPREAD_DEG} degrees apart (yaw/pitch): a clip where the head turns`,
    );
  const pairDistanceDeg = Math.max(MIN_PAIR_DISTANCE_DEG, spread / 2);
  const candidates: [number, number][] = [];
  for (let i = 0; i < frames.length; i++)
    for (let j = i + 1; j < frames.length; j++)
      if (poseDistanceDeg(frames[i]!.pose, frames[j]!.pose) >= pairDistanceDeg) candidates.push([i, j]);
  return { track, frames, spreadDeg: spread, candidates, pairDistanceDeg };
}

/** `count` pairs drawn from the candidates for a step (seeded by seed and step), in random direction. */
export function drawPairs(
  candidates: readonly [number, number][],
  count: number,
  seed: number,
  step: number,
): [number, number][] {
  const rand = mulberry32(mixSeed(seed ^ 0xada7, step));
  const out: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const [a, b] = candidates[randInt(rand, candidates.length)]!;
    out.push(rand() < 0.5 ? [a, b] : [b, a]);
  }
  return out;
}
