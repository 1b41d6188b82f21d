// Progress of long work (analysis, training, render): units done, rate and ETA.

export interface Progress {
  stage: string;
  done: number;
  total: number;
  /** Units per second, smoothed. */
  rate: number;
  /** Seconds left, or null while unknown. */
  etaSeconds: number | null;
  message?: string;
}

export type ProgressListener = (p: Progress) => void;

/**
 * Rate and ETA from successive `done` counts. The rate is an exponential moving average over time, so a
 * slow first frame (model warm-up) does not dominate the estimate for long.
 */
export class EtaEstimator {
  private lastTime: number | null = null;
  private lastDone = 0;
  private rate = 0;
  private readonly startTime: number;
  private readonly total: number;
  private readonly stage: string;
  private readonly halfLifeSeconds: number;

  constructor(total: number, stage: string, now: number = Date.now(), halfLifeSeconds = 3) {
    this.total = total;
    this.stage = stage;
    this.startTime = now;
    this.halfLifeSeconds = halfLifeSeconds;
  }

  update(done: number, now: number = Date.now(), message?: string): Progress {
    if (this.lastTime === null) {
      const dt = (now - this.startTime) / 1000;
      this.rate = dt > 0 ? done / dt : 0;
    } else {
      const dt = (now - this.lastTime) / 1000;
      if (dt > 0) {
        const instant = (done - this.lastDone) / dt;
        const alpha = 1 - Math.pow(0.5, dt / this.halfLifeSeconds);
        this.rate = this.rate === 0 ? instant : this.rate + alpha * (instant - this.rate);
      }
    }
    this.lastTime = now;
    this.lastDone = done;
    const left = Math.max(0, this.total - done);
    const etaSeconds = left === 0 ? 0 : this.rate > 0 ? left / this.rate : null;
    const p: Progress = { stage: this.stage, done, total: this.total, rate: this.rate, etaSeconds };
    if (message !== undefined) p.message = message;
    return p;
  }
}

/** `h:mm:ss` or `m:ss`; `--:--` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}
