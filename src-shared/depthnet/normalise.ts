// Per-face keypoint normalisation: centre on the mean point and divide by the RMS distance to it, so the
// model sees the same numbers at any frame size. Depth of a source face uses the source's scale.

export interface FaceFrame {
  cx: number;
  cy: number;
  /** RMS distance of the points to their centre (pixels per normalised unit). */
  scale: number;
}

/** Centre and scale of interleaved points; throws on a degenerate (all-equal) set. */
export function faceFrame(points: ArrayLike<number>): FaceFrame {
  const n = points.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += points[2 * i]!;
    cy += points[2 * i + 1]!;
  }
  cx /= n;
  cy /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (points[2 * i]! - cx) ** 2 + (points[2 * i + 1]! - cy) ** 2;
  const scale = Math.sqrt(ss / n);
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error('keypoints are degenerate (all points coincide)');
  return { cx, cy, scale };
}

/** Interleaved points mapped into the face frame. */
export function normalisePoints(points: ArrayLike<number>, f: FaceFrame): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length / 2; i++) {
    out[2 * i] = (points[2 * i]! - f.cx) / f.scale;
    out[2 * i + 1] = (points[2 * i + 1]! - f.cy) / f.scale;
  }
  return out;
}

/** Normalised points back to pixels. */
export function denormalisePoints(points: ArrayLike<number>, f: FaceFrame): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length / 2; i++) {
    out[2 * i] = points[2 * i]! * f.scale + f.cx;
    out[2 * i + 1] = points[2 * i + 1]! * f.scale + f.cy;
  }
  return out;
}

/**
 * An affine solved between normalised source (depth in source units) and normalised target, expressed
 * in pixels: it maps [x, y, z, 1] of the source (z in source pixels) to target pixels.
 */
export function affineToPixels(m: ArrayLike<number>, s: FaceFrame, t: FaceFrame): Float64Array {
  const k = t.scale / s.scale;
  const out = new Float64Array(8);
  for (let r = 0; r < 2; r++) {
    const l0 = k * m[3 * r]!;
    const l1 = k * m[3 * r + 1]!;
    const l2 = k * m[3 * r + 2]!;
    out[3 * r] = l0;
    out[3 * r + 1] = l1;
    out[3 * r + 2] = l2;
    out[6 + r] = t.scale * m[6 + r]! + (r === 0 ? t.cx : t.cy) - l0 * s.cx - l1 * s.cy;
  }
  return out;
}
