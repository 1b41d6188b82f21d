// Shot-cut detection from the frames themselves: each frame is reduced to a small signature (a coarse
// luma thumbnail and a hue/brightness histogram); a cut is a frame whose signature is far from its
// predecessor's AND far compared with the recent frame-to-frame changes (so a fast pan is not a cut).

export const THUMB = 16;
const HIST_BINS = 48;

export interface FrameSignature {
  /** THUMB x THUMB mean luma, 0..1. */
  thumb: Float32Array;
  /** Normalised histogram: 16 luma bins x 3 chroma groups. */
  hist: Float32Array;
}

/** Signature of packed 8-bit RGB(A) pixels. Samples a grid, so it costs the same for any frame size. */
export function frameSignature(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
): FrameSignature {
  const thumb = new Float32Array(THUMB * THUMB);
  const counts = new Float32Array(THUMB * THUMB);
  const hist = new Float32Array(HIST_BINS);
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 16384)));
  let n = 0;
  for (let y = 0; y < height; y += step) {
    const ty = Math.min(THUMB - 1, Math.floor((y * THUMB) / height));
    for (let x = 0; x < width; x += step) {
      const o = (y * width + x) * channels;
      const r = data[o] ?? 0;
      const g = data[o + 1] ?? 0;
      const b = data[o + 2] ?? 0;
      const luma = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      const t = ty * THUMB + Math.min(THUMB - 1, Math.floor((x * THUMB) / width));
      thumb[t] = (thumb[t] ?? 0) + luma;
      counts[t] = (counts[t] ?? 0) + 1;
      const group = r >= g && r >= b ? 0 : g >= b ? 1 : 2;
      const bin = group * 16 + Math.min(15, Math.floor(luma * 16));
      hist[bin] = (hist[bin] ?? 0) + 1;
      n++;
    }
  }
  for (let i = 0; i < thumb.length; i++) thumb[i] = (thumb[i] ?? 0) / Math.max(1, counts[i] ?? 0);
  for (let i = 0; i < hist.length; i++) hist[i] = (hist[i] ?? 0) / Math.max(1, n);
  return { thumb, hist };
}

/** 0 (same) .. ~1 (unrelated): mean of the thumbnail's mean abs difference and half the histogram L1. */
export function signatureDistance(a: FrameSignature, b: FrameSignature): number {
  let d = 0;
  for (let i = 0; i < a.thumb.length; i++) d += Math.abs((a.thumb[i] ?? 0) - (b.thumb[i] ?? 0));
  d /= a.thumb.length;
  let h = 0;
  for (let i = 0; i < a.hist.length; i++) h += Math.abs((a.hist[i] ?? 0) - (b.hist[i] ?? 0));
  return (d + h / 2) / 2;
}

export interface CutDetectorParams {
  /** A cut needs at least this distance. */
  minDistance: number;
  /** ... and this many times the median of the recent distances. */
  ratio: number;
  window: number;
}

export const DEFAULT_CUT_PARAMS: CutDetectorParams = { minDistance: 0.12, ratio: 4, window: 12 };

/** Streaming cut detector: feed signatures in frame order; `push` says whether this frame starts a shot. */
export class CutDetector {
  private prev: FrameSignature | null = null;
  private recent: number[] = [];
  private readonly p: CutDetectorParams;

  constructor(params: CutDetectorParams = DEFAULT_CUT_PARAMS) {
    this.p = params;
  }

  push(sig: FrameSignature): { cut: boolean; distance: number } {
    const prev = this.prev;
    this.prev = sig;
    if (!prev) return { cut: false, distance: 0 };
    const distance = signatureDistance(prev, sig);
    const sorted = [...this.recent].sort((x, y) => x - y);
    const median = sorted.length > 0 ? (sorted[Math.floor(sorted.length / 2)] ?? 0) : 0;
    const cut = distance >= this.p.minDistance && distance >= this.p.ratio * median;
    if (cut) this.recent = [];
    else {
      this.recent.push(distance);
      if (this.recent.length > this.p.window) this.recent.shift();
    }
    return { cut, distance };
  }
}
