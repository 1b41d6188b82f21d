// One-Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cut-off rises with speed, so a
// still head does not jitter (low cut-off at rest) and a fast turn does not lag (high cut-off in motion).
// `KeypointSmoother` runs one filter per coordinate, with speed measured in face sizes per second so one
// tuning works for any resolution and face size.
import type { Point2 } from './pts.ts';

export interface OneEuroParams {
  /** Cut-off frequency at rest, Hz. Lower: less jitter, more lag at low speed. */
  minCutoff: number;
  /** How fast the cut-off grows with speed. Higher: less lag in fast motion. */
  beta: number;
  /** Cut-off for the speed estimate, Hz. */
  dCutoff: number;
}

/**
 * Chosen on liveportrait d0/s18/d3 (re-smoothing the raw keypoints with a grid of settings): about the
 * jitter reduction of slower settings with half their lag on the talking clip d3. Speed in eye distances/s.
 */
export const DEFAULT_ONE_EURO: OneEuroParams = { minCutoff: 0.3, beta: 20, dCutoff: 1.0 };

function alpha(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
}

export class OneEuroFilter {
  private readonly p: OneEuroParams;
  private x: number | null = null;
  private dx = 0;

  constructor(params: OneEuroParams = DEFAULT_ONE_EURO) {
    this.p = params;
  }

  /** Filters `value` taken `dt` seconds after the previous one; `scale` divides speeds (e.g. face size). */
  filter(value: number, dt: number, scale = 1): number {
    if (this.x === null || !(dt > 0)) {
      this.x = value;
      this.dx = 0;
      return value;
    }
    const rawDx = (value - this.x) / dt / scale;
    this.dx += alpha(this.p.dCutoff, dt) * (rawDx - this.dx);
    const cutoff = this.p.minCutoff + this.p.beta * Math.abs(this.dx);
    this.x += alpha(cutoff, dt) * (value - this.x);
    return this.x;
  }

  reset(): void {
    this.x = null;
    this.dx = 0;
  }
}

/** Smooths a sequence of keypoint sets of one track. */
export class KeypointSmoother {
  private readonly filters: OneEuroFilter[] = [];
  private readonly params: OneEuroParams;

  constructor(params: OneEuroParams = DEFAULT_ONE_EURO) {
    this.params = params;
  }

  /** `scale`: face size in pixels (e.g. outer-eye-corner distance) so speed is in face sizes per second. */
  next(points: readonly Point2[], dt: number, scale: number): Point2[] {
    while (this.filters.length < points.length * 2) this.filters.push(new OneEuroFilter(this.params));
    const s = scale > 0 ? scale : 1;
    return points.map(([x, y], i) => [
      (this.filters[2 * i] as OneEuroFilter).filter(x, dt, s),
      (this.filters[2 * i + 1] as OneEuroFilter).filter(y, dt, s),
    ]);
  }

  reset(): void {
    for (const f of this.filters) f.reset();
  }
}
