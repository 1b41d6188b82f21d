// Geometry of the eye blend (src-main/swap/eye-region.ts): how "closed" an eye is from its opening, the
// blend weight when source and target eye states differ, the soft ellipse around an eye, and a
// least-squares 2D affine between two point sets.

/** Eye opening (lid distance / outer-eye distance, one eye) at or below which an eye counts as fully closed... */
export const EYE_CLOSED_AT = 0.03;
/** ...and at or above which it counts as open (open eyes measure 0.07-0.14). */
export const EYE_OPEN_AT = 0.055;
export const EYE_STATE_BAND: readonly [number, number] = [EYE_CLOSED_AT, EYE_OPEN_AT];

/** 0 (open) .. 1 (closed), linear between EYE_OPEN_AT and EYE_CLOSED_AT. */
export function eyeClosedness(opening: number): number {
  return Math.min(1, Math.max(0, (EYE_OPEN_AT - opening) / (EYE_OPEN_AT - EYE_CLOSED_AT)));
}

/** Blend weight of the target's eye: how different the two eyes' states are (0 = same state). */
export function eyeStateWeight(sourceOpening: number, targetOpening: number): number {
  return Math.abs(eyeClosedness(sourceOpening) - eyeClosedness(targetOpening));
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
 * Least-squares 2D affine [a, b, c, d, e, f] with to = (a x + b y + c, d x + e y + f) for the point pairs
 * (interleaved x,y), or null when the points are degenerate (collinear).
 */
export function affineFit2d(
  from: ArrayLike<number>,
  to: ArrayLike<number>,
): [number, number, number, number, number, number] | null {
  const n = from.length / 2;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sx = 0;
  let sy = 0;
  let bx = [0, 0, 0];
  let by = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = from[2 * i]!;
    const y = from[2 * i + 1]!;
    const u = to[2 * i]!;
    const v = to[2 * i + 1]!;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sx += x;
    sy += y;
    bx = [bx[0]! + u * x, bx[1]! + u * y, bx[2]! + u];
    by = [by[0]! + v * x, by[1]! + v * y, by[2]! + v];
  }
  // Normal equations M p = b with M = [[sxx, sxy, sx], [sxy, syy, sy], [sx, sy, n]] (Cramer's rule).
  const M = [
    [sxx, sxy, sx],
    [sxy, syy, sy],
    [sx, sy, n],
  ];
  const det3 = (m: number[][]) =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
    m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const det = det3(M);
  const scale = Math.max(1e-12, Math.abs(sxx * syy * n));
  if (!(Math.abs(det) > 1e-9 * scale)) return null;
  const solve = (b: number[]) =>
    [0, 1, 2].map((c) => det3(M.map((row, r) => row.map((v, k) => (k === c ? b[r]! : v)))) / det);
  const [a, bb, c] = solve(bx);
  const [d, e, f] = solve(by);
  return [a!, bb!, c!, d!, e!, f!];
}
