// Local colour correction at the seam: after the global Lab transfer (color-transfer.ts) the face's mean
// colour matches the target's skin, but not everywhere: a forehead lit differently from the cheeks, or a
// source lit from the other side, leaves a step along part of the matte's edge. This adds a low-frequency
// colour field to the face: the difference target - face is sampled in the matte's transition band, spread
// over the face by normalised convolution (a wide blur of the band's differences divided by the blur of
// the band's weights, on a coarse grid), and added to every face pixel. At the band the face then meets
// the target's own colour; inside it changes only slowly, so the face's texture is kept.
import type { Image, Rect } from './image.ts';

export interface SeamColorOptions {
  /** Alpha range of the transition band where differences are sampled. Default [0.15, 0.85]. */
  band?: readonly [number, number];
  /** Blur radius of the field as a fraction of the face size. Default 0.12. */
  radius?: number;
  /** Grid cell (pixels). Default: the face size / 48, at least 2. */
  cell?: number;
}

/** Weight of the band's mean difference, relative to the densest cell's (see the field below). */
const PRIOR_WEIGHT = 0.05;

/** Three passes of a box blur of radius r along rows then columns (about a Gaussian), in place. */
function blur3(v: Float64Array, w: number, h: number, r: number): void {
  const tmp = new Float64Array(Math.max(w, h));
  const pass = (len: number, stride: number, count: number, step: number) => {
    for (let k = 0; k < count; k++) {
      const base = k * step;
      for (let rep = 0; rep < 3; rep++) {
        let acc = 0;
        for (let i = -r; i <= r; i++) acc += v[base + Math.min(len - 1, Math.max(0, i)) * stride]!;
        for (let i = 0; i < len; i++) {
          tmp[i] = acc / (2 * r + 1);
          const add = Math.min(len - 1, i + r + 1);
          const sub = Math.max(0, i - r);
          acc += v[base + add * stride]! - v[base + sub * stride]!;
        }
        for (let i = 0; i < len; i++) v[base + i * stride] = tmp[i]!;
      }
    }
  };
  pass(w, 1, h, w);
  pass(h, w, w, 1);
}

/**
 * Adds the seam colour field to `rgb` (the recoloured face over `rect`, RGB) where alpha > 0.
 * `faceSize`: the matte's face size in pixels (face-mask.ts). Returns the mean absolute field value over
 * the band (RGB units), 0 when there is no band.
 */
export function correctSeamColor(
  rgb: Uint8Array,
  frame: Image,
  rect: Rect,
  alpha: Float32Array,
  faceSize: number,
  options: SeamColorOptions = {},
): number {
  const [lo, hi] = options.band ?? [0.15, 0.85];
  const cell = Math.max(2, Math.round(options.cell ?? faceSize / 48));
  const gw = Math.ceil(rect.width / cell);
  const gh = Math.ceil(rect.height / cell);
  const n = gw * gh;
  const sums = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const count = new Float64Array(n);
  const fc = frame.channels;
  let samples = 0;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const p = y * rect.width + x;
      const a = alpha[p]!;
      if (a < lo || a > hi) continue;
      const g = Math.floor(y / cell) * gw + Math.floor(x / cell);
      const f = ((rect.y0 + y) * frame.width + rect.x0 + x) * fc;
      for (let c = 0; c < 3; c++) sums[c]![g] = sums[c]![g]! + frame.data[f + c]! - rgb[3 * p + c]!;
      count[g] = count[g]! + 1;
      samples++;
    }
  }
  if (samples === 0) return 0;
  const r = Math.max(1, Math.round(((options.radius ?? 0.12) * faceSize) / cell));
  for (const s of sums) blur3(s, gw, gh, r);
  blur3(count, gw, gh, r);
  const mean = sums.map((s) => {
    let t = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      t += s[i]!;
      k += count[i]!;
    }
    return k > 0 ? t / k : 0;
  });
  // Regularised: a small prior weight on the band's mean difference keeps the field smooth where the
  // blur's support ends (far inside a big face) instead of switching to the mean there.
  let kmax = 0;
  for (let i = 0; i < n; i++) kmax = Math.max(kmax, count[i]!);
  const prior = PRIOR_WEIGHT * kmax;
  const field = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) {
    const k = count[i]! + prior;
    for (let c = 0; c < 3; c++) field[c]![i] = (sums[c]![i]! + prior * mean[c]!) / k;
  }
  let applied = 0;
  let bandAbs = 0;
  for (let y = 0; y < rect.height; y++) {
    // Bilinear in the grid, cell centres at (i + 0.5) * cell.
    const gy = Math.min(gh - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(gh - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < rect.width; x++) {
      const p = y * rect.width + x;
      const a = alpha[p]!;
      if (!(a > 0)) continue;
      const gx = Math.min(gw - 1, Math.max(0, (x + 0.5) / cell - 0.5));
      const x0 = Math.floor(gx);
      const x1 = Math.min(gw - 1, x0 + 1);
      const fx = gx - x0;
      for (let c = 0; c < 3; c++) {
        const F = field[c]!;
        const v =
          F[y0 * gw + x0]! * (1 - fx) * (1 - fy) +
          F[y0 * gw + x1]! * fx * (1 - fy) +
          F[y1 * gw + x0]! * (1 - fx) * fy +
          F[y1 * gw + x1]! * fx * fy;
        const o = 3 * p + c;
        const out = rgb[o]! + v;
        rgb[o] = out < 0 ? 0 : out > 255 ? 255 : Math.round(out);
        if (a >= lo && a <= hi) bandAbs += Math.abs(v);
      }
      if (a >= lo && a <= hi) applied++;
    }
  }
  return applied ? bandAbs / (3 * applied) : 0;
}
