// sRGB (8-bit, D65) <-> CIE Lab conversions for colour statistics. Lookup tables instead of pow/cbrt per
// pixel: 8-bit sRGB -> linear is a 256-entry table; the Lab cube root is a table with linear interpolation
// (error < 1e-3 in L, far below one 8-bit step); linear -> 8-bit sRGB is exact (a table guess, corrected
// against the 256 rounding thresholds), so it returns what Math.round of the formula would.

const SRGB_TO_LINEAR = new Float64Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  SRGB_TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}
const XN = 0.95047;
const YN = 1.0;
const ZN = 1.08883;
const EPS = 216 / 24389;
const KAPPA = 24389 / 27;

function srgbToLinearExact(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

/** THRESHOLD[k] (k = 1..255): the linear value at which the 8-bit sRGB code rounds up to k. */
const THRESHOLD = new Float64Array(257);
THRESHOLD[0] = -Infinity;
for (let k = 1; k < 256; k++) THRESHOLD[k] = srgbToLinearExact((k - 0.5) / 255);
THRESHOLD[256] = Infinity;

const GUESS_STEPS = 4096;
/** A first guess of the 8-bit code for linear values in [0, 1]. */
const GUESS = new Uint8Array(GUESS_STEPS + 1);
for (let i = 0, k = 0; i <= GUESS_STEPS; i++) {
  const c = i / GUESS_STEPS;
  while (k < 255 && c >= THRESHOLD[k + 1]!) k++;
  GUESS[i] = k;
}

function linearToSrgb8(c: number): number {
  if (!(c > 0)) return 0;
  if (c >= 1) return 255;
  let k = GUESS[(c * GUESS_STEPS) | 0]!;
  while (c >= THRESHOLD[k + 1]!) k++;
  while (c < THRESHOLD[k]!) k--;
  return k;
}

/** Cube root on [0, CBRT_MAX] by table + linear interpolation (exact Math.cbrt outside). */
const CBRT_MAX = 1.25;
const CBRT_STEPS = 8192;
const CBRT = new Float64Array(CBRT_STEPS + 2);
for (let i = 0; i <= CBRT_STEPS + 1; i++) CBRT[i] = Math.cbrt((i / CBRT_STEPS) * CBRT_MAX);
const CBRT_SCALE = CBRT_STEPS / CBRT_MAX;

function fLab(t: number): number {
  if (t <= EPS) return (KAPPA * t + 16) / 116;
  if (t >= CBRT_MAX) return Math.cbrt(t);
  const u = t * CBRT_SCALE;
  const i = u | 0;
  const a = CBRT[i]!;
  return a + (CBRT[i + 1]! - a) * (u - i);
}
function fInv(t: number): number {
  const t3 = t * t * t;
  return t3 > EPS ? t3 : (116 * t - 16) / KAPPA;
}

/** Lab of an 8-bit sRGB pixel into out[o..o+2]. */
export function rgbToLab(r: number, g: number, b: number, out: Float32Array | Float64Array, o: number): void {
  const lab = new Float64Array(3);
  labOf(r, g, b, lab);
  out[o] = lab[0]!;
  out[o + 1] = lab[1]!;
  out[o + 2] = lab[2]!;
}

/**
 * rgbToLab into out[0..2] of a Float64Array (the per-pixel loops' form: one array type, so V8 keeps the
 * stores monomorphic). Values rounded to float32 are what rgbToLab stores into a Float32Array.
 */
export function labOf(r: number, g: number, b: number, out: Float64Array): void {
  const lr = SRGB_TO_LINEAR[r]!;
  const lg = SRGB_TO_LINEAR[g]!;
  const lb = SRGB_TO_LINEAR[b]!;
  const x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / XN;
  const y = (0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb) / YN;
  const z = (0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / ZN;
  const fx = fLab(x);
  const fy = fLab(y);
  const fz = fLab(z);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
}

/** 8-bit sRGB of a Lab colour (clipped to the gamut) into out[o..o+2]. */
export function labToRgb(L: number, a: number, b: number, out: Uint8Array, o: number): void {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const x = fInv(fx) * XN;
  const y = (L > KAPPA * EPS ? fy * fy * fy : L / KAPPA) * YN;
  const z = fInv(fz) * ZN;
  out[o] = linearToSrgb8(3.2404542 * x - 1.5371385 * y - 0.4985314 * z);
  out[o + 1] = linearToSrgb8(-0.969266 * x + 1.8760108 * y + 0.041556 * z);
  out[o + 2] = linearToSrgb8(0.0556434 * x - 0.2040259 * y + 1.0572252 * z);
}

/** The exact (pow-based) conversion to 8-bit sRGB, as a reference for tests. */
export function linearToSrgb8Reference(c: number): number {
  const v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
  const r = Math.round(v * 255);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

export { linearToSrgb8 };
