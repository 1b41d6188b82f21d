// Colour transfer (Reinhard et al.): shift and scale each Lab channel of the warped face so that its mean
// and standard deviation inside the mask match the target's skin under the same mask.
// The statistics may be taken on a regular grid of the mask's pixels (every `statsStep`-th pixel in x and
// y of the frame, so a still region keeps its samples as the face moves): tens of thousands of skin pixels
// give the same mean and spread within a fraction of an 8-bit step. The recolouring touches every pixel;
// a small cache of colours already converted (exact: the map depends on the colour only) saves about
// half of the Lab round trips, as a warped face repeats many of its colours.
import { fullSpans, type Image, type Rect, type RowSpans } from './image.ts';
import { labOf, labToRgb } from './lab.ts';
import { scratchI32, type SwapScratch } from './scratch.ts';

export interface LabStats {
  mean: [number, number, number];
  std: [number, number, number];
  count: number;
}

/** Per Lab channel: out = lab * gain + offset. */
export interface LabGains {
  gain: [number, number, number];
  offset: [number, number, number];
}

export interface ColorTransferOptions {
  /** Weight above which a pixel counts in the statistics. Default 0.5. */
  threshold?: number;
  /** Statistics on every step-th pixel in x and y (frame-aligned grid). Default 1 (every pixel). */
  statsStep?: number;
  /** Only these patch pixels have weight > 0 (a speed hint; default the whole patch, null = none). */
  area?: RowSpans | null;
  scratch?: SwapScratch;
}

/**
 * Lab mean/std of the pixels with weight > threshold on the grid of every `step`-th frame pixel, where
 * pixel (x, y) of the w x h weight grid has its RGB at data[base + y * rowStride + x * pixelStride].
 * `float32` rounds each Lab value to float32 first (as a Float32Array buffer would).
 */
function labStats(
  data: Uint8Array,
  base: number,
  rowStride: number,
  pixelStride: number,
  weight: Float32Array,
  w: number,
  area: RowSpans,
  phase: { x: number; y: number },
  step: number,
  threshold: number,
  float32: boolean,
): LabStats {
  const lab = new Float64Array(3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let count = 0;
  for (let y = firstOnGrid(area.y0, phase.y, step); y < area.y1; y += step) {
    for (let x = firstOnGrid(area.first[y]!, phase.x, step), end = area.last[y]!; x <= end; x += step) {
      if (weight[y * w + x]! <= threshold) continue;
      const o = base + y * rowStride + x * pixelStride;
      labOf(data[o]!, data[o + 1]!, data[o + 2]!, lab);
      const l0 = float32 ? Math.fround(lab[0]!) : lab[0]!;
      const l1 = float32 ? Math.fround(lab[1]!) : lab[1]!;
      const l2 = float32 ? Math.fround(lab[2]!) : lab[2]!;
      s0 += l0;
      s1 += l1;
      s2 += l2;
      q0 += l0 * l0;
      q1 += l1 * l1;
      q2 += l2 * l2;
      count++;
    }
  }
  const m = (v: number) => (count > 0 ? v / count : 0);
  const mean: [number, number, number] = [m(s0), m(s1), m(s2)];
  const sd = (q: number, mu: number) => (count > 0 ? Math.sqrt(Math.max(0, q / count - mu ** 2)) : 0);
  return { mean, std: [sd(q0, mean[0]), sd(q1, mean[1]), sd(q2, mean[2])], count };
}

function fullArea(weight: Float32Array, width: number): RowSpans {
  return fullSpans(width, width > 0 ? weight.length / width : 0);
}

/** The first coordinate >= from on the grid origin + k * step. */
function firstOnGrid(from: number, origin: number, step: number): number {
  return from + ((((origin - from) % step) + step) % step);
}

/** Lab mean/std of the patch pixels (3 bytes each, `width` per row) with weight > threshold. */
export function patchLabStats(
  rgb: Uint8Array,
  weight: Float32Array,
  threshold = 0.5,
  width = weight.length,
): LabStats {
  return labStats(
    rgb,
    0,
    3 * width,
    3,
    weight,
    width,
    fullArea(weight, width),
    { x: 0, y: 0 },
    1,
    threshold,
    false,
  );
}

export function frameLabStats(frame: Image, rect: Rect, weight: Float32Array, threshold = 0.5): LabStats {
  const ch = frame.channels;
  const base = (rect.y0 * frame.width + rect.x0) * ch;
  return labStats(
    frame.data,
    base,
    frame.width * ch,
    ch,
    weight,
    rect.width,
    fullArea(weight, rect.width),
    { x: 0, y: 0 },
    1,
    threshold,
    false,
  );
}

/** The two sides of a colour transfer: the warped face's statistics and the target's, under one mask. */
export interface ColorStatsPair {
  source: LabStats;
  target: LabStats;
}

/**
 * The warped face's and the target's Lab statistics under the mask (on the options' grid), or null when
 * either side has fewer than 16 pixels in the statistics (then the patch is left as it is).
 */
export function colorStatsPair(
  rgb: Uint8Array,
  frame: Image,
  rect: Rect,
  weight: Float32Array,
  options: ColorTransferOptions = {},
): ColorStatsPair | null {
  const threshold = options.threshold ?? 0.5;
  const step = Math.max(1, Math.floor(options.statsStep ?? 1));
  if (options.area === null) return null;
  const area = options.area ?? fullArea(weight, rect.width);
  const phase = { x: -rect.x0, y: -rect.y0 };
  const w = rect.width;
  const src = labStats(rgb, 0, 3 * w, 3, weight, w, area, phase, step, threshold, true);
  const ch = frame.channels;
  const dst = labStats(
    frame.data,
    (rect.y0 * frame.width + rect.x0) * ch,
    frame.width * ch,
    ch,
    weight,
    w,
    area,
    phase,
    step,
    threshold,
    false,
  );
  if (src.count < 16 || dst.count < 16) return null;
  return { source: src, target: dst };
}

/** The Lab gains that give a face with the pair's source statistics the target's. */
export function gainsFromStats(pair: ColorStatsPair): LabGains {
  const { source: src, target: dst } = pair;
  const gain = [0, 1, 2].map((c) => (src.std[c]! > 1e-6 ? dst.std[c]! / src.std[c]! : 1)) as [
    number,
    number,
    number,
  ];
  const offset = [0, 1, 2].map((c) => dst.mean[c]! - src.mean[c]! * gain[c]!) as [number, number, number];
  return { gain, offset };
}

/**
 * The Lab gains that give the patch the target's statistics under the mask, or null when either side has
 * fewer than 16 pixels in the statistics (then the patch is left as it is).
 */
export function colorGains(
  rgb: Uint8Array,
  frame: Image,
  rect: Rect,
  weight: Float32Array,
  options: ColorTransferOptions = {},
): LabGains | null {
  const pair = colorStatsPair(rgb, frame, rect, weight, options);
  return pair ? gainsFromStats(pair) : null;
}

const CACHE_BITS = 15;

/** Recolours the patch pixels with weight > 0 (within `area`) by the Lab gains, in place. */
export function applyColorGains(
  rgb: Uint8Array,
  width: number,
  weight: Float32Array,
  gains: LabGains,
  area: RowSpans | null = fullArea(weight, width),
  scratch?: SwapScratch,
): void {
  if (!area) return;
  const [g0, g1, g2] = gains.gain;
  const [o0, o1, o2] = gains.offset;
  const lab = new Float64Array(3);
  // Direct-mapped cache: colour (24 bits) -> recoloured colour; -1 = empty.
  const keys = scratchI32(scratch, 'color.keys', 1 << CACHE_BITS).fill(-1);
  const vals = scratchI32(scratch, 'color.vals', 1 << CACHE_BITS);
  for (let y = area.y0; y < area.y1; y++) {
    const r = y * width;
    for (let i = r + area.first[y]!, end = r + area.last[y]!; i <= end; i++) {
      if (weight[i]! <= 0) continue;
      const o = 3 * i;
      const key = (rgb[o]! << 16) | (rgb[o + 1]! << 8) | rgb[o + 2]!;
      const slot = Math.imul(key, 0x9e3779b1) >>> (32 - CACHE_BITS);
      if (keys[slot] === key) {
        const v = vals[slot]!;
        rgb[o] = v >>> 16;
        rgb[o + 1] = (v >>> 8) & 255;
        rgb[o + 2] = v & 255;
        continue;
      }
      // The patch's Lab in float32, as the plain version keeps it.
      labOf(rgb[o]!, rgb[o + 1]!, rgb[o + 2]!, lab);
      labToRgb(
        Math.fround(lab[0]!) * g0 + o0,
        Math.fround(lab[1]!) * g1 + o1,
        Math.fround(lab[2]!) * g2 + o2,
        rgb,
        o,
      );
      keys[slot] = key;
      vals[slot] = (rgb[o]! << 16) | (rgb[o + 1]! << 8) | rgb[o + 2]!;
    }
  }
}

/**
 * Recolours `rgb` (the warped patch, 3 bytes per pixel of `rect`) in place so that inside the mask its Lab
 * statistics match the target frame's under the same mask. Pixels with weight 0 are left as they are.
 */
export function transferColor(
  rgb: Uint8Array,
  frame: Image,
  rect: Rect,
  weight: Float32Array,
  thresholdOrOptions: number | ColorTransferOptions = {},
  /** Statistics to use instead of this frame's own (e.g. smoothed along the track; color-smoothing.ts). */
  given?: ColorStatsPair,
): void {
  const options =
    typeof thresholdOrOptions === 'number' ? { threshold: thresholdOrOptions } : thresholdOrOptions;
  if (options.area === null) return;
  const gains = given ? gainsFromStats(given) : colorGains(rgb, frame, rect, weight, options);
  if (!gains) return;
  applyColorGains(
    rgb,
    rect.width,
    weight,
    gains,
    options.area === undefined ? fullArea(weight, rect.width) : options.area,
    options.scratch,
  );
}
