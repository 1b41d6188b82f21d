// Temporal consistency: the per-frame affine and depths of a track are smoothed over time so the face does
// not swim. Each parameter is fitted by a Gaussian-weighted local line around every frame (a local linear
// regression), which removes jitter but keeps steady motion exactly (no lag, no shrinking at the ends).
// A gap in the frame numbers (the face was lost, or a cut) starts a new segment: nothing leaks across it.

export interface TrackSample {
  frame: number;
  values: ArrayLike<number>;
}

export interface SmoothingOptions {
  /** Gaussian width in frames. 0 disables smoothing. Default 2. */
  sigmaFrames?: number;
  /** Frames further apart than this start a new segment. Default 1 (any missing frame). */
  maxGap?: number;
}

/** Splits sorted samples into runs of consecutive frames (gaps larger than maxGap break a run). */
export function segmentsOf(frames: readonly number[], maxGap = 1): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= frames.length; i++) {
    if (i === frames.length || frames[i]! - frames[i - 1]! > maxGap) {
      if (i > start) out.push([start, i]);
      start = i;
    }
  }
  return out;
}

/** Smoothed values, one array per input sample, same order. Samples must be sorted by frame. */
export function smoothTrack(samples: readonly TrackSample[], options: SmoothingOptions = {}): Float64Array[] {
  const sigma = options.sigmaFrames ?? 2;
  const frames = samples.map((s) => s.frame);
  for (let i = 1; i < frames.length; i++) {
    if (!(frames[i]! > frames[i - 1]!))
      throw new Error('track samples must be sorted by strictly increasing frame');
  }
  const dim = samples[0]?.values.length ?? 0;
  for (const s of samples) {
    if (s.values.length !== dim) throw new Error('track samples must all have the same number of values');
  }
  const out = samples.map((s) => Float64Array.from(s.values));
  if (!(sigma > 0)) return out;
  const radius = Math.ceil(3 * sigma);
  for (const [a, b] of segmentsOf(frames, options.maxGap ?? 1)) {
    for (let i = a; i < b; i++) {
      const f0 = frames[i]!;
      // Weighted least squares of value = c0 + c1 * (f - f0); the smoothed value is c0.
      let sw = 0;
      let swt = 0;
      let swtt = 0;
      const lo = Math.max(a, i - radius);
      const hi = Math.min(b - 1, i + radius);
      const weights: number[] = [];
      for (let j = lo; j <= hi; j++) {
        const t = frames[j]! - f0;
        const w = Math.exp((-0.5 * t * t) / (sigma * sigma));
        weights.push(w);
        sw += w;
        swt += w * t;
        swtt += w * t * t;
      }
      const det = sw * swtt - swt * swt;
      const row = out[i]!;
      for (let k = 0; k < dim; k++) {
        let sv = 0;
        let svt = 0;
        for (let j = lo; j <= hi; j++) {
          const w = weights[j - lo]!;
          const v = samples[j]!.values[k]!;
          sv += w * v;
          svt += w * v * (frames[j]! - f0);
        }
        row[k] = Math.abs(det) > 1e-12 ? (swtt * sv - swt * svt) / det : sv / sw;
      }
    }
  }
  return out;
}
