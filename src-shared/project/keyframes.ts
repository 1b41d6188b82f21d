// Keypoint edits as keyframes: a keyframe holds one offset per keypoint over the tracked keypoints of its
// frame. Between two keyframes the offset is interpolated, so the correction follows the tracked motion;
// outside the keyed span the project's rule applies ('none': no edit, 'hold': nearest keyframe's offsets).
import { KEYPOINT_COUNT, type Interpolation, type Keyframe, type Offset, type Track } from './schema.ts';

export type Point = readonly [number, number];

export function zeroOffsets(): Offset[] {
  return Array.from({ length: KEYPOINT_COUNT }, (): Offset => [0, 0]);
}

function ease(t: number, mode: Interpolation['mode']): number {
  return mode === 'smooth' ? t * t * (3 - 2 * t) : t;
}

/** Index of the last keyframe at or before `frame` (binary search), or -1. */
function lastAtOrBefore(keyframes: readonly Keyframe[], frame: number): number {
  let lo = 0;
  let hi = keyframes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keyframes[mid]!.frame <= frame) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The edit offsets at `frame`, or null when no edit applies there. */
export function offsetsAt(
  keyframes: readonly Keyframe[],
  frame: number,
  interpolation: Interpolation,
): Offset[] | null {
  if (keyframes.length === 0) return null;
  const i = lastAtOrBefore(keyframes, frame);
  const a = keyframes[i];
  const b = keyframes[i + 1];
  if (a && a.frame === frame) return a.offsets.map((o): Offset => [o[0], o[1]]);
  if (a && b) {
    const t = ease((frame - a.frame) / (b.frame - a.frame), interpolation.mode);
    return a.offsets.map((o, k): Offset => {
      const q = b.offsets[k]!;
      return [o[0] + (q[0] - o[0]) * t, o[1] + (q[1] - o[1]) * t];
    });
  }
  if (interpolation.outside === 'none') return null;
  const nearest = a ?? b!;
  return nearest.offsets.map((o): Offset => [o[0], o[1]]);
}

/** The keypoints the swap engine uses at `frame`: tracked keypoints plus the interpolated edit. */
export function editedKeypoints(
  tracked: readonly Point[],
  keyframes: readonly Keyframe[],
  frame: number,
  interpolation: Interpolation,
): [number, number][] {
  const offsets = offsetsAt(keyframes, frame, interpolation);
  return tracked.map((p, k): [number, number] => {
    const o = offsets?.[k];
    return o ? [p[0] + o[0], p[1] + o[1]] : [p[0], p[1]];
  });
}

/** A copy of `keyframes` with the one at `frame` replaced or inserted (kept sorted). */
export function setKeyframe(keyframes: readonly Keyframe[], keyframe: Keyframe): Keyframe[] {
  const out = keyframes.filter((k) => k.frame !== keyframe.frame);
  out.push(keyframe);
  out.sort((x, y) => x.frame - y.frame);
  return out;
}

export function removeKeyframe(keyframes: readonly Keyframe[], frame: number): Keyframe[] {
  return keyframes.filter((k) => k.frame !== frame);
}

/**
 * Moves keypoints `points` by (dx, dy) at `frame`: the keyframe there starts from the current interpolated
 * offsets (so the other points do not jump) and the moved points get the delta added.
 */
export function moveKeypoints(
  keyframes: readonly Keyframe[],
  frame: number,
  points: readonly number[],
  dx: number,
  dy: number,
  interpolation: Interpolation,
): Keyframe[] {
  const base = offsetsAt(keyframes, frame, interpolation) ?? zeroOffsets();
  for (const k of points) {
    const o = base[k];
    if (!o) throw new Error(`keypoint ${k} does not exist (0-${KEYPOINT_COUNT - 1})`);
    base[k] = [o[0] + dx, o[1] + dy];
  }
  return setKeyframe(keyframes, { frame, offsets: base });
}

export function findTrack(tracks: readonly Track[], clipId: string, face = 0): Track | undefined {
  return tracks.find((t) => t.clipId === clipId && t.face === face);
}

/** A copy of `tracks` with the keyframes of (clipId, face) replaced; an empty track is dropped. */
export function withTrackKeyframes(
  tracks: readonly Track[],
  clipId: string,
  face: number,
  keyframes: Keyframe[],
): Track[] {
  const rest = tracks.filter((t) => !(t.clipId === clipId && t.face === face));
  if (keyframes.length > 0) rest.push({ clipId, face, keyframes });
  return rest;
}
