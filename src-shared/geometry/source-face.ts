// The one rule for choosing the source face of a picture (the swap, the studio's depth view): faces are
// ordered by the area of their 68 keypoints' bounding box, largest first (ties: left to right), and the
// user picks one by its place in that order (`--source-face N`, 0 = the largest). Also what makes a
// source face a poor one: much smaller than the target face (the swap will be soft), a profile, closed
// eyes. A profile source (the far side of the face is not in the picture) is refused.
import { eyeOpening, innerLipGap } from './expression.ts';
import { estimateYawDeg } from './yaw.ts';

type Point = readonly [number, number];

/** Width x height of the keypoints' bounding box. */
export function keypointArea(k: readonly Point[]): number {
  const xs = k.map((p) => p[0]);
  const ys = k.map((p) => p[1]);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

/** Face size in pixels: sqrt of the keypoints' bounding box area. */
export function faceSizePx(k: readonly Point[]): number {
  return Math.sqrt(keypointArea(k));
}

/** Indices of `faces` in the source-face order: largest first, ties left to right. */
export function sourceFaceOrder(faces: readonly (readonly Point[])[]): number[] {
  const left = (k: readonly Point[]) => Math.min(...k.map((p) => p[0]));
  return faces
    .map((k, i) => ({ i, a: keypointArea(k), x: left(k) }))
    .sort((p, q) => q.a - p.a || p.x - q.x)
    .map((p) => p.i);
}

/**
 * Estimated yaw (yaw.ts, degrees, absolute) from which a source face counts as a profile and is refused.
 * The 68-point network pulls a profile toward a frontal layout, so the estimate reads about half the true
 * angle: the profile of faces/3ddfa_v2/emma.jpg (about 65 degrees) reads 37, its 3/4 views 26 and 35.
 */
export const PROFILE_YAW_DEG = 36;
/** Estimated yaw from which a source face gets a warning (turned: its far side will be stretched). */
export const TURNED_YAW_DEG = 25;
/** Eye opening (mean lid distance / outer-eye distance) below which the eyes count as closed (open: 0.07-0.14). */
export const CLOSED_EYES = 0.04;
/**
 * Inner-lip gap (/ outer-eye distance) from which a source mouth counts as wide open (a scream, a laugh:
 * d9.jpg reads 0.50, obama.jpg's toothy smile 0.16): with expression transfer its lips are closed by stretching.
 */
export const OPEN_MOUTH = 0.2;
/** A source face smaller than this fraction of the target face gets a warning. */
export const SMALL_SOURCE_RATIO = 0.6;

export type SourceFaceChoice =
  { ok: true; index: number; keypoints: [number, number][]; count: number } | { ok: false; reason: string };

/** The `index`-th face in the source-face order, or why there is none / it cannot be used. */
export function chooseSourceFace(
  faces: readonly (readonly Point[])[],
  index = 0,
  /** A profile is refused unless the caller picks other source frames per target frame (pose-matched). */
  opts: { allowProfile?: boolean } = {},
): SourceFaceChoice {
  if (faces.length === 0) return { ok: false, reason: 'no face found' };
  const order = sourceFaceOrder(faces);
  const at = order[index];
  if (at === undefined) {
    return {
      ok: false,
      reason: `source face ${index} asked for, but the picture has ${faces.length} face${faces.length === 1 ? '' : 's'} (0-${faces.length - 1}, largest first)`,
    };
  }
  const k = faces[at]!;
  const yaw = estimateYawDeg(k.flatMap((p) => [p[0], p[1]]));
  if (!opts.allowProfile && Math.abs(yaw) >= PROFILE_YAW_DEG) {
    return {
      ok: false,
      reason: `the source face is a profile (yaw about ${Math.round(yaw)} degrees): its far side is not in the picture; use a frontal or 3/4 view`,
    };
  }
  return { ok: true, index, keypoints: k.map((p) => [p[0], p[1]]), count: faces.length };
}

/** Warnings about a usable source face, each one line; `targetSizePx`: the target face's typical size. */
export function sourceFaceWarnings(k: readonly Point[], targetSizePx?: number): string[] {
  const out: string[] = [];
  const flat = k.flatMap((p) => [p[0], p[1]]);
  const yaw = estimateYawDeg(flat);
  if (Math.abs(yaw) >= TURNED_YAW_DEG) {
    out.push(
      `the source face is turned (yaw about ${Math.round(yaw)} degrees): its far side will be stretched`,
    );
  }
  const eyes = eyeOpening(flat);
  if (eyes < CLOSED_EYES) {
    out.push(
      `the source face has its eyes closed (opening ${eyes.toFixed(3)}): its eyes cannot open with the actor's except where the target's eye region is blended in`,
    );
  }
  const gap = innerLipGap(flat);
  if (gap >= OPEN_MOUTH) {
    out.push(
      `the source face's mouth is wide open (gap ${gap.toFixed(2)} of the eye distance): its lips are stretched to close with the actor's and its mouth corners may show; a photo with closed or slightly parted lips works best for dialogue`,
    );
  }
  const size = faceSizePx(k);
  if (targetSizePx !== undefined && size < SMALL_SOURCE_RATIO * targetSizePx) {
    out.push(
      `the source face is much smaller than the target face (${Math.round(size)} px vs ${Math.round(targetSizePx)} px): it will look soft`,
    );
  }
  return out;
}
