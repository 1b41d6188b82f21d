// One frame's swap as the pool runs it, in a worker thread or in-process: the messages between the pool
// and its workers, and the job itself. No side effects on import (the worker's listener is in
// swap-worker.ts, the thread's entry).
import {
  faceColorStats,
  swapFrame,
  type FaceInFrame,
  type SwapOptions,
  type SwapSource,
} from './swap-frame.ts';
import type { ColorStatsPair } from './color-transfer.ts';
import type { SwapScratch } from './scratch.ts';
import type { WarpCache } from './warp-cache.ts';
import type { CleanupSpec, FrameCleaner } from '../cleanup/apply-frame.ts';

export interface SwapWorkerInit {
  source: SwapSource;
  /** Pose-matched source frames (FaceInFrame.source indexes them). */
  sources?: SwapSource[];
  options: SwapOptions;
  /** Put the matte into the alpha byte of RGBA frames (ProRes 4444). */
  matteToAlpha: boolean;
  /** A cleanup model to run on each swapped face before encoding (loads TF.js in the thread). */
  cleanup?: CleanupSpec;
}

export interface SwapJob {
  id: number;
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
  faces: FaceInFrame[];
  /** 'stats': only each face's colour statistics (the frame comes back unchanged). Default 'swap'. */
  kind?: 'swap' | 'stats';
  /**
   * The frame's index in the clip: its stats job keeps the warps in the thread's cache and its swap job
   * reuses them (warp-cache.ts; the pool sends both to one thread). Absent: nothing is kept.
   */
  frame?: number;
}

export type SwapReply =
  | {
      id: number;
      ok: true;
      data: Uint8Array;
      matte: Uint8Array;
      warpMs: number;
      compositeMs: number;
      reusedWarps: number;
    }
  | { id: number; ok: true; data: Uint8Array; stats: (ColorStatsPair | null)[]; warpMs: number }
  | { id: number; ok: false; error: string };

/** A stats job's answer: the frame's buffer (unchanged) and each face's colour statistics. */
export interface StatsJobResult {
  data: Uint8Array;
  stats: (ColorStatsPair | null)[];
  /** Milliseconds spent warping (the frame's swap reuses these warps when they were cached). */
  warpMs: number;
}

/** `cache`: the thread's warp cache, filled for the frame's swap job (when the job names its frame). */
export function runStatsJob(
  init: SwapWorkerInit,
  job: SwapJob,
  scratch?: SwapScratch,
  cache?: WarpCache,
): StatsJobResult {
  const frame = { width: job.width, height: job.height, channels: job.channels, data: job.data };
  const keep = cache && job.frame !== undefined ? cache.keeper(job.frame, job.width, job.height) : undefined;
  const { stats, warpMs } = faceColorStats(
    frame,
    init.source,
    job.faces,
    init.options,
    scratch,
    init.sources,
    keep,
  );
  return { data: job.data, stats, warpMs };
}

export interface SwapJobResult {
  data: Uint8Array;
  matte: Uint8Array;
  warpMs: number;
  compositeMs: number;
  /** Faces whose warp was reused from the frame's stats job. */
  reusedWarps: number;
}

/**
 * `scratch`: the thread's reusable buffers (one per worker or in-process pool; see scratch.ts); `cache`:
 * its warp cache, whose warps from the frame's stats job are reused.
 */
export function runSwapJob(
  init: SwapWorkerInit,
  job: SwapJob,
  scratch?: SwapScratch,
  cleaner?: FrameCleaner,
  cache?: WarpCache,
): SwapJobResult {
  const frame = { width: job.width, height: job.height, channels: job.channels, data: job.data };
  const reuse = cache && job.frame !== undefined ? cache.taker(job.frame, job.width, job.height) : undefined;
  const { matte, warpMs, compositeMs, reusedWarps } = swapFrame(
    frame,
    init.source,
    job.faces,
    init.options,
    scratch,
    init.sources,
    reuse,
  );
  cleaner?.(frame, matte, job.faces, init.source);
  if (init.matteToAlpha && job.channels === 4) {
    for (let p = 0, o = 3; p < matte.length; p++, o += 4) job.data[o] = matte[p]!;
  }
  return { data: job.data, matte, warpMs, compositeMs, reusedWarps };
}
