// Variable frame rate (phone and screen recordings): the engine counts frames, so a clip whose frames are
// not evenly spaced would be re-timed to a constant rate and its audio would drift. probe() detects it
// (detectVariableRate); swap, analysis and the studio refuse such a clip with the reason
// (requireConstantRate), and `depthswap transcode` converts it with correct timing: frames are duplicated or
// dropped on their timestamps to the nearest standard rate (conformArgs), the audio is left as it is, and
// stderr says so. Refusing is the default because a silent conform changes which frame is "frame n".
import type { MediaInfo, Rational } from '../../src-shared/media.ts';
import { InputError } from '../../src-shared/input-error.ts';
import { runTool } from './ffmpeg-process.ts';

export interface VariableRate {
  /** Frames per second over the whole clip (frames / duration). */
  averageFps: number;
  /** Shortest and longest gap between consecutive frames, seconds. */
  minInterval: number;
  maxInterval: number;
  /** The constant rate a conform uses: the standard rate nearest the average. */
  conformRate: Rational;
  /** Frames after the conform (duration x rate). */
  conformFrames: number;
}

const STANDARD_RATES: Rational[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 30, den: 1 },
  { num: 48, den: 1 },
  { num: 50, den: 1 },
  { num: 60000, den: 1001 },
  { num: 60, den: 1 },
  { num: 120, den: 1 },
];

export function nearestStandardRate(fps: number): Rational {
  let best = STANDARD_RATES[0]!;
  for (const r of STANDARD_RATES)
    if (Math.abs(r.num / r.den - fps) < Math.abs(best.num / best.den - fps)) best = r;
  return best;
}

/**
 * From sorted presentation times (seconds): irregular when any gap differs from the median gap by more than
 * a quarter of it (a CFR clip's gaps differ only by timestamp rounding).
 */
export function irregularGaps(times: readonly number[]): { min: number; max: number; median: number } | null {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap > 1e-6) gaps.push(gap); // equal timestamps (a duplicated packet) are not a gap
  }
  if (gaps.length < 2) return null;
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return median > 0 && (max - median > median / 4 || median - min > median / 4) ? { min, max, median } : null;
}

/**
 * Null for a constant-rate clip. The cheap test first: the stream's base rate (r_frame_rate) against its
 * average (frames / duration); only when they disagree by more than 0.05 % are the packet timestamps read
 * (demux only) to confirm.
 */
export async function detectVariableRate(
  file: string,
  baseRate: Rational,
  averageRate: Rational | null,
  durationSeconds: number,
  signal?: AbortSignal,
): Promise<VariableRate | null> {
  if (!averageRate || durationSeconds <= 0) return null;
  const base = baseRate.num / baseRate.den;
  const avg = averageRate.num / averageRate.den;
  if (Math.abs(base - avg) / base <= 0.0005) return null;
  const out = await runTool(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time',
      '-of',
      'csv=p=0',
      '-i',
      file,
    ],
    signal ? { signal } : {},
  );
  const times = out
    .toString('utf8')
    .split('\n')
    .map((l) => Number(l.trim().replace(/,$/, '')))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const gaps = irregularGaps(times);
  if (!gaps) return null;
  const conformRate = nearestStandardRate(avg);
  return {
    averageFps: avg,
    minInterval: gaps.min,
    maxInterval: gaps.max,
    conformRate,
    conformFrames: Math.round((durationSeconds * conformRate.num) / conformRate.den),
  };
}

const fps = (r: Rational) => (r.num / r.den).toFixed(3).replace(/\.?0+$/, '');

/** What the conform does, in one line for stderr. */
export function describeConform(info: MediaInfo): string | null {
  const v = info.variableFrameRate;
  if (!v) return null;
  return `${info.path} has a variable frame rate (average ${v.averageFps.toFixed(3)} fps, frames ${(v.minInterval * 1000).toFixed(1)}-${(v.maxInterval * 1000).toFixed(1)} ms apart): conformed to ${fps(v.conformRate)} fps by duplicating and dropping frames on their timestamps (${v.conformFrames} frames); the audio is kept as it is, so it stays in sync`;
}

/** Throws the refusal for a variable-rate clip, with what to do. */
export function requireConstantRate(info: MediaInfo): void {
  const v = info.variableFrameRate;
  if (!v) return;
  throw new InputError(
    `${info.path} has a variable frame rate (average ${v.averageFps.toFixed(3)} fps, frames ${(v.minInterval * 1000).toFixed(1)}-${(v.maxInterval * 1000).toFixed(1)} ms apart): frame-accurate work would drift from its audio; conform it first with 'depthswap transcode ${info.path} conformed.mov --format prores-hq' (${fps(v.conformRate)} fps)`,
  );
}

/** ffmpeg output options that conform a variable-rate clip (none for a constant-rate one). */
export function conformArgs(info: MediaInfo): string[] {
  const v = info.variableFrameRate;
  return v
    ? ['-fps_mode', 'cfr', '-r', `${v.conformRate.num}/${v.conformRate.den}`]
    : ['-fps_mode', 'passthrough'];
}
