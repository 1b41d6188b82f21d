// Track post-processing, pure: link tracklets across short misses (never across a shot cut), fill the gap by
// linear interpolation (flagged), smooth each track with the One-Euro filter, and summarise.
import { iou, pointsBox, interocularDistance, type Box } from './geometry.ts';
import { KeypointSmoother, type OneEuroParams } from './one-euro.ts';
import type { Point2 } from './pts.ts';
import type { FrameEntry, TrackSummary } from './schema.ts';

export interface Observation {
  frame: number;
  keypoints: Point2[];
  confidence: number;
  detected: boolean;
  interpolated?: boolean;
}

/** Observations of one face over consecutive frames. */
export interface Tracklet {
  id: number;
  obs: Observation[];
}

export interface LinkParams {
  /** Longest miss (frames) that is bridged. */
  maxGap: number;
  /** Minimal IoU between the last box before and the first box after the miss. */
  minIou: number;
}

function lastObs(t: Tracklet): Observation {
  const o = t.obs[t.obs.length - 1];
  if (!o) throw new Error(`tracklet ${t.id} is empty`);
  return o;
}

function firstObs(t: Tracklet): Observation {
  const o = t.obs[0];
  if (!o) throw new Error(`tracklet ${t.id} is empty`);
  return o;
}

/** Linear interpolation of keypoints for the frames strictly between a and b. */
export function interpolateGap(a: Observation, b: Observation): Observation[] {
  const out: Observation[] = [];
  const span = b.frame - a.frame;
  for (let f = a.frame + 1; f < b.frame; f++) {
    const t = (f - a.frame) / span;
    out.push({
      frame: f,
      keypoints: a.keypoints.map((p, i) => {
        const q = b.keypoints[i] ?? p;
        return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      }),
      confidence: Math.min(a.confidence, b.confidence) * 0.5,
      detected: false,
      interpolated: true,
    });
  }
  return out;
}

/**
 * Joins tracklet B onto A when B starts within `maxGap` frames after A ends, no cut lies in (A.end, B.start],
 * and their boxes overlap; greedy by smallest gap then largest overlap. Returns new tracklets (inputs unchanged).
 */
export function linkTracklets(
  tracklets: readonly Tracklet[],
  cuts: readonly number[],
  p: LinkParams,
): Tracklet[] {
  const items = tracklets
    .filter((t) => t.obs.length > 0)
    .map((t) => ({ id: t.id, obs: [...t.obs] }))
    .sort((a, b) => firstObs(a).frame - firstObs(b).frame);
  const cutSet = new Set(cuts);
  const crossesCut = (from: number, to: number): boolean => {
    for (let f = from + 1; f <= to; f++) if (cutSet.has(f)) return true;
    return false;
  };
  const absorbed = new Set<number>();
  for (const a of items) {
    if (absorbed.has(a.id)) continue;
    for (;;) {
      const end = lastObs(a);
      let best: { t: (typeof items)[number]; gap: number; overlap: number } | null = null;
      for (const b of items) {
        if (b === a || absorbed.has(b.id)) continue;
        const start = firstObs(b);
        const gap = start.frame - end.frame - 1;
        if (gap < 0 || gap > p.maxGap || crossesCut(end.frame, start.frame)) continue;
        const overlap = iou(pointsBox(end.keypoints), pointsBox(start.keypoints));
        if (overlap < p.minIou) continue;
        if (!best || gap < best.gap || (gap === best.gap && overlap > best.overlap))
          best = { t: b, gap, overlap };
      }
      if (!best) break;
      a.obs.push(...interpolateGap(end, firstObs(best.t)), ...best.t.obs);
      absorbed.add(best.t.id);
    }
  }
  return items.filter((t) => !absorbed.has(t.id));
}

/** One-Euro smoothing of a track's keypoints; speed is normalised by the face's eye distance. */
export function smoothTrack(obs: readonly Observation[], fps: number, params: OneEuroParams): Point2[][] {
  const smoother = new KeypointSmoother(params);
  let prevFrame: number | null = null;
  return obs.map((o) => {
    const dt = prevFrame === null ? 0 : (o.frame - prevFrame) / fps;
    prevFrame = o.frame;
    return smoother.next(o.keypoints, dt, interocularDistance(o.keypoints));
  });
}

export interface TrackOutput {
  frames: Map<number, FrameEntry>;
  tracks: TrackSummary[];
}

/** Builds frame entries and track summaries from final tracks (ids renumbered from `firstId`). */
export function buildTrackOutput(
  tracks: readonly Tracklet[],
  frameNumbers: readonly number[],
  cuts: readonly number[],
  fps: number,
  smoothing: OneEuroParams,
  firstId = 0,
): TrackOutput {
  const cutSet = new Set(cuts);
  const frames = new Map<number, FrameEntry>();
  for (const f of frameNumbers) frames.set(f, { cut: cutSet.has(f), faces: [] });
  const summaries: TrackSummary[] = [];
  const ordered = [...tracks].sort((a, b) => firstObs(a).frame - firstObs(b).frame || a.id - b.id);
  ordered.forEach((t, k) => {
    const id = firstId + k;
    const smoothed = smoothTrack(t.obs, fps, smoothing);
    let sum = 0;
    t.obs.forEach((o, i) => {
      sum += o.confidence;
      const box: Box = pointsBox(o.keypoints);
      frames.get(o.frame)?.faces.push({
        track: id,
        box,
        confidence: clamp01(o.confidence),
        keypoints: smoothed[i] ?? o.keypoints,
        raw: o.keypoints,
        interpolated: o.interpolated ?? false,
        detected: o.detected,
      });
    });
    summaries.push({
      id,
      first: firstObs(t).frame,
      last: lastObs(t).frame,
      meanConfidence: clamp01(sum / t.obs.length),
    });
  });
  return { frames, tracks: summaries };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
}
