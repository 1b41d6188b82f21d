// Expression geometry on the 68 iBUG keypoints (interleaved x,y): which points carry expression and how
// much, the inner-lip gap and eye opening measures, and "closing" a mouth (the upper and lower lips meet
// half way) so that an opening can be transferred as an absolute amount rather than relative to a
// face's own resting state. Pure functions; the per-track transfer is src-main/swap/expression-track.ts.

export const EXPRESSION_KEYPOINTS = 68;
/**
 * The default expression transfer (0 = the source's expression, as the paper; 1 = the target's), chosen
 * by `npm run eval:swap` (docs/expression.md).
 */
export const DEFAULT_EXPRESSION = 1;

/** Inner-lip pairs (upper, lower): the lip-sync measure's points. */
export const INNER_LIP_PAIRS: readonly (readonly [number, number])[] = [
  [61, 67],
  [62, 66],
  [63, 65],
];
/** Upper / lower lid pairs of both eyes (36-41 right eye, 42-47 left eye on screen). */
export const EYELID_PAIRS: readonly (readonly [number, number])[] = [
  [37, 41],
  [38, 40],
  [43, 47],
  [44, 46],
];
const OUTER_UPPER_LIP = [49, 50, 51, 52, 53];
const OUTER_LOWER_LIP = [55, 56, 57, 58, 59];

/**
 * How much of the target's expression each keypoint takes (0 = the source's place, 1 = full transfer):
 * brows, eyelids, the whole mouth and the chin (the jaw's opening, fading toward the ears) move; the nose
 * and the rest of the outline keep the source's proportions.
 */
export const EXPRESSION_WEIGHTS: Readonly<Float64Array> = (() => {
  const w = new Float64Array(EXPRESSION_KEYPOINTS);
  const chin: [number, number][] = [
    [4, 0.15],
    [5, 0.35],
    [6, 0.6],
    [7, 0.85],
    [8, 1],
    [9, 0.85],
    [10, 0.6],
    [11, 0.35],
    [12, 0.15],
  ];
  for (const [i, v] of chin) w[i] = v;
  for (let i = 17; i <= 26; i++) w[i] = 1; // brows
  for (let i = 36; i <= 47; i++) w[i] = 1; // eyes
  for (let i = 48; i <= 67; i++) w[i] = 1; // mouth
  return w;
})();

function check(kp: ArrayLike<number>): void {
  if (kp.length !== 2 * EXPRESSION_KEYPOINTS)
    throw new Error(`expected 136 keypoint values, got ${kp.length}`);
}

const dist = (kp: ArrayLike<number>, a: number, b: number): number =>
  Math.hypot(kp[2 * a]! - kp[2 * b]!, kp[2 * a + 1]! - kp[2 * b + 1]!);

/** Outer-eye-corner distance (36-45): the normaliser of the lip and eye measures. */
export function outerEyeDistance(kp: ArrayLike<number>): number {
  check(kp);
  return dist(kp, 36, 45);
}

/** Mean inner-lip gap ((61,67), (62,66), (63,65)) over the outer-eye distance. */
export function innerLipGap(kp: ArrayLike<number>): number {
  check(kp);
  let s = 0;
  for (const [a, b] of INNER_LIP_PAIRS) s += dist(kp, a, b);
  return s / INNER_LIP_PAIRS.length / (dist(kp, 36, 45) || 1);
}

/** Mean lid distance of both eyes over the outer-eye distance. */
export function eyeOpening(kp: ArrayLike<number>): number {
  check(kp);
  let s = 0;
  for (const [a, b] of EYELID_PAIRS) s += dist(kp, a, b);
  return s / EYELID_PAIRS.length / (dist(kp, 36, 45) || 1);
}

/** Per-eye opening [right (36-41), left (42-47)] over the outer-eye distance. */
export function eyeOpenings(kp: ArrayLike<number>): [number, number] {
  check(kp);
  const d = dist(kp, 36, 45) || 1;
  return [(dist(kp, 37, 41) + dist(kp, 38, 40)) / 2 / d, (dist(kp, 43, 47) + dist(kp, 44, 46)) / 2 / d];
}

/**
 * The same keypoints with the mouth closed: each inner-lip pair (upper, lower) meets half way, and the outer
 * lips move with the mean of those shifts (upper lip by g/2, lower by -g/2, g the mean gap vector, lower
 * minus upper); the corners stay.
 */
export function closeMouth(kp: ArrayLike<number>): Float64Array {
  check(kp);
  const out = Float64Array.from(kp);
  let gx = 0;
  let gy = 0;
  for (const [u, l] of INNER_LIP_PAIRS) {
    const dx = kp[2 * l]! - kp[2 * u]!;
    const dy = kp[2 * l + 1]! - kp[2 * u + 1]!;
    gx += dx / INNER_LIP_PAIRS.length;
    gy += dy / INNER_LIP_PAIRS.length;
    out[2 * u] = kp[2 * u]! + dx / 2;
    out[2 * u + 1] = kp[2 * u + 1]! + dy / 2;
    out[2 * l] = kp[2 * l]! - dx / 2;
    out[2 * l + 1] = kp[2 * l + 1]! - dy / 2;
  }
  for (const i of OUTER_UPPER_LIP) {
    out[2 * i] = out[2 * i]! + gx / 2;
    out[2 * i + 1] = out[2 * i + 1]! + gy / 2;
  }
  for (const i of OUTER_LOWER_LIP) {
    out[2 * i] = out[2 * i]! - gx / 2;
    out[2 * i + 1] = out[2 * i + 1]! - gy / 2;
  }
  return out;
}

/** Per-coordinate median of equally long arrays. */
export function medianShape(shapes: readonly ArrayLike<number>[]): Float64Array {
  const n = shapes[0]?.length ?? 0;
  const out = new Float64Array(n);
  const col = new Float64Array(shapes.length);
  for (let k = 0; k < n; k++) {
    shapes.forEach((s, j) => (col[j] = s[k]!));
    col.sort();
    const m = col.length >> 1;
    out[k] = col.length % 2 ? col[m]! : (col[m - 1]! + col[m]!) / 2;
  }
  return out;
}
