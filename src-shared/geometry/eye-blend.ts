// Geometry of the eye blend (src-main/swap/eye-region.ts): how "closed" an eye is from its opening, the
// blend weight when source and target eye states differ, the soft ellipse around an eye, and the similarity
// between two eyes' corners.

/** Eye opening (lid distance / outer-eye distance, one eye) at or below which an eye counts as fully closed... */
export const EYE_CLOSED_AT = 0.03;
/** ...and at or above which it counts as open (open eyes measure 0.07-0.14). */
export const EYE_OPEN_AT = 0.055;
export const EYE_STATE_BAND: readonly [number, number] = [EYE_CLOSED_AT, EYE_OPEN_AT];

/** 0 (open) .. 1 (closed), linear between EYE_OPEN_AT and EYE_CLOSED_AT. */
export function eyeClosedness(opening: number): number {
  return Math.min(1, Math.max(0, (EYE_OPEN_AT - opening) / (EYE_OPEN_AT - EYE_CLOSED_AT)));
}

/** Below this difference of closedness the eyes count as in the same state, above the upper one as opposite. */
const SAME_STATE = 0.15;
const OPPOSITE_STATE = 0.55;

/**
 * Blend weight of the target's eye from the two eyes' closedness (0 open .. 1 shut): 0 when they are in the
 * same state, 1 when opposite, a steep smooth step between. Steep, because a half blend shows two sets of
 * lids at once (a ghost); a blink is over in a few frames, so a quick change reads as the blink itself.
 */
export function eyeBlendWeight(sourceClosed: number, targetClosed: number): number {
  const t = Math.min(
    1,
    Math.max(0, (Math.abs(sourceClosed - targetClosed) - SAME_STATE) / (OPPOSITE_STATE - SAME_STATE)),
  );
  return t * t * (3 - 2 * t);
}

/** Two eyes whose closedness differs by at least this much are a wink: each keeps its own state. */
export const WINK_DIFFERENCE = 0.5;

/**
 * The two eyes' closedness as the blend uses it: a wink (one eye shut, the other open) keeps each eye's
 * own state; otherwise both take their mean, so both eyes are treated alike. The picture's reading of a
 * half-lidded downward gaze differs between the eyes (d3 frames 85-95: 0.56-0.63 vs 0.23-0.38), and on
 * its own it put the target's eye into one eye only, beside the source's other eye (two iris colours).
 */
export function pairEyeStates(states: readonly [number, number]): [number, number] {
  const [a, b] = states;
  if (Math.abs(a - b) >= WINK_DIFFERENCE) return [a, b];
  const m = (a + b) / 2;
  return [m, m];
}

export interface EyeEllipse {
  cx: number;
  cy: number;
  /** A radius that bounds the ellipse (for the pixel loop). */
  reach: number;
  /** 1 inside the inner ellipse, smooth fall to 0 at its edge. */
  weight(x: number, y: number): number;
}

/** Scale of the ellipse's half width over half the corner-to-corner distance. */
const HALF_WIDTH = 1.4;
/** Half height over half width (the lids and a little of the skin above and below). */
const HEIGHT_RATIO = 0.7;
/** The weight is 1 within this fraction of the ellipse's radius. */
const CORE = 0.6;

/** The soft ellipse around an eye given by its six points (36-41 order: corner, 2 upper, corner, 2 lower). */
export function eyeEllipse(six: ArrayLike<number>): EyeEllipse {
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < 6; i++) {
    cx += six[2 * i]! / 6;
    cy += six[2 * i + 1]! / 6;
  }
  const dx = six[6]! - six[0]!;
  const dy = six[7]! - six[1]!;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const a = (HALF_WIDTH * len) / 2;
  const b = HEIGHT_RATIO * a;
  return {
    cx,
    cy,
    reach: a,
    weight(x, y) {
      const px = x - cx;
      const py = y - cy;
      const r = Math.hypot((px * ux + py * uy) / a, (-px * uy + py * ux) / b);
      if (r <= CORE) return 1;
      if (r >= 1) return 0;
      const t = (1 - r) / (1 - CORE);
      return t * t * (3 - 2 * t);
    },
  };
}

/**
 * The similarity (rotation, uniform scale, shift) [a, b, c, d, e, f], to = (a x + b y + c, d x + e y + f),
 * taking the eye corners `from` (x0, y0, x1, y1) onto `to`, or null when the corners coincide. An eye's
 * corners stay put through a blink while its lids meet, so the map does not squash the target's eye (a fit
 * to all six points would, and smear the lid line over the whole region).
 */
export function cornerSimilarity(
  from: readonly [number, number, number, number],
  to: readonly [number, number, number, number],
): [number, number, number, number, number, number] | null {
  const px = from[2] - from[0];
  const py = from[3] - from[1];
  const qx = to[2] - to[0];
  const qy = to[3] - to[1];
  const n = px * px + py * py;
  if (!(n > 1e-12)) return null;
  // (qx + i qy) / (px + i py) = a + i d: the rotation-scale as a complex number.
  const a = (qx * px + qy * py) / n;
  const d = (qy * px - qx * py) / n;
  return [a, -d, to[0] - (a * from[0] - d * from[1]), d, a, to[1] - (d * from[0] + a * from[1])];
}
