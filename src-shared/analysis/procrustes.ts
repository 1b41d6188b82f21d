// Similarity (scale, rotation, translation) alignment of 2D point sets, weighted least squares, closed form.
// Shapes are flat arrays [x0, y0, x1, y1, ...].

export interface Similarity {
  /** x' = a*x - b*y + tx, y' = b*x + a*y + ty (a = s cos(theta), b = s sin(theta)). */
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export const IDENTITY: Similarity = { a: 1, b: 0, tx: 0, ty: 0 };

/** The similarity that best maps `from` onto `to` (weights per point; none = all 1). */
export function alignSimilarity(
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Similarity {
  const n = from.length >> 1;
  let sw = 0;
  let fx = 0;
  let fy = 0;
  let gx = 0;
  let gy = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    sw += w;
    fx += w * (from[2 * i] ?? 0);
    fy += w * (from[2 * i + 1] ?? 0);
    gx += w * (to[2 * i] ?? 0);
    gy += w * (to[2 * i + 1] ?? 0);
  }
  if (!(sw > 0)) throw new Error('alignSimilarity: weights sum to zero');
  fx /= sw;
  fy /= sw;
  gx /= sw;
  gy /= sw;
  let den = 0;
  let nc = 0;
  let ns = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    const ax = (from[2 * i] ?? 0) - fx;
    const ay = (from[2 * i + 1] ?? 0) - fy;
    const bx = (to[2 * i] ?? 0) - gx;
    const by = (to[2 * i + 1] ?? 0) - gy;
    den += w * (ax * ax + ay * ay);
    nc += w * (ax * bx + ay * by);
    ns += w * (ax * by - ay * bx);
  }
  if (!(den > 0)) throw new Error('alignSimilarity: degenerate shape (all points coincide)');
  const a = nc / den;
  const b = ns / den;
  return { a, b, tx: gx - (a * fx - b * fy), ty: gy - (b * fx + a * fy) };
}

/** Applies a similarity to a flat shape (into `out`, which may be `shape`). */
export function applySimilarity(
  t: Similarity,
  shape: ArrayLike<number>,
  out = new Float64Array(shape.length),
): Float64Array {
  for (let i = 0; i + 1 < shape.length; i += 2) {
    const x = shape[i] ?? 0;
    const y = shape[i + 1] ?? 0;
    out[i] = t.a * x - t.b * y + t.tx;
    out[i + 1] = t.b * x + t.a * y + t.ty;
  }
  return out;
}

export function invertSimilarity(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  if (!(d > 0)) throw new Error('invertSimilarity: zero scale');
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** Scale factor of a similarity. */
export function similarityScale(t: Similarity): number {
  return Math.hypot(t.a, t.b);
}

/** Centred on the origin and scaled to unit Frobenius norm (a new array). */
export function normalizeShape(shape: ArrayLike<number>): Float64Array {
  const n = shape.length >> 1;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += shape[2 * i] ?? 0;
    cy += shape[2 * i + 1] ?? 0;
  }
  cx /= n;
  cy /= n;
  const out = new Float64Array(2 * n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    out[2 * i] = (shape[2 * i] ?? 0) - cx;
    out[2 * i + 1] = (shape[2 * i + 1] ?? 0) - cy;
    norm += (out[2 * i] ?? 0) ** 2 + (out[2 * i + 1] ?? 0) ** 2;
  }
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw new Error('normalizeShape: degenerate shape');
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / norm;
  return out;
}
