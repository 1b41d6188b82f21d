// A pool of worker threads that swap frames in parallel. Each worker receives the source face once; frames
// go out and come back as transferred buffers, so memory stays flat: the caller bounds how many frames are
// in flight (see `capacity`) and awaits results in frame order.
import { MAX_THREADS } from '../util/limits.ts';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FaceInFrame } from './swap-frame.ts';
import {
  runStatsJob,
  runSwapJob,
  type StatsJobResult,
  type SwapJob,
  type SwapJobResult,
  type SwapReply,
  type SwapWorkerInit,
} from './swap-job.ts';
import type { ColorStatsPair } from './color-transfer.ts';
import type { Image } from './image.ts';
import { createSwapScratch } from './scratch.ts';
import { WarpCache } from './warp-cache.ts';

export interface SwapPool {
  /** Number of frames worth keeping in flight to keep every worker busy. */
  readonly capacity: number;
  /**
   * Swaps the faces into `frame` (its buffer is transferred and returned as the result's frame). `index`:
   * the frame's index in the clip, when its stats job was given it too: the swap goes to the thread that
   * ran that job and reuses its warps (warp-cache.ts).
   */
  swap(frame: Image, faces: FaceInFrame[], index?: number): Promise<SwappedFrame>;
  /**
   * Each face's colour statistics in `frame` (its buffer is transferred and returned unchanged as the
   * result's frame): the first pass of colour smoothing along the track. With `index`, the thread keeps
   * the warps for the frame's swap.
   */
  stats(frame: Image, faces: FaceInFrame[], index?: number): Promise<FrameColorStats>;
  close(): Promise<void>;
}

export interface FrameColorStats {
  frame: Image;
  stats: (ColorStatsPair | null)[];
  warpMs: number;
}

export interface SwappedFrame {
  frame: Image;
  matte: Uint8Array;
  warpMs: number;
  compositeMs: number;
  /** Faces whose warp was reused from the frame's stats job (warp-cache.ts). */
  reusedWarps: number;
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism() - 1));
}

interface Pending {
  job: SwapJob;
  /** The thread that must run it (a swap after its frame's stats job there), or none. */
  pin: Worker | null;
  resolve: (r: SwapJobResult | StatsJobResult) => void;
  reject: (e: Error) => void;
}

function jobOf(
  id: number,
  frame: Image,
  faces: FaceInFrame[],
  kind: 'swap' | 'stats',
  index: number | undefined,
): SwapJob {
  return {
    id,
    width: frame.width,
    height: frame.height,
    channels: frame.channels,
    data: frame.data,
    faces,
    ...(kind === 'stats' ? { kind } : {}),
    ...(index !== undefined ? { frame: index } : {}),
  };
}

/** `threads` 0 runs in the calling thread (no workers). */
export function createSwapPool(init: SwapWorkerInit, threads = defaultThreads()): SwapPool {
  // The one place every caller (CLI, studio jobs, queue, farm tasks) starts workers: never more than the cap.
  if (!Number.isInteger(threads) || threads > MAX_THREADS)
    throw new Error(`swap threads must be a whole number from 0 to ${MAX_THREADS} (got ${threads})`);
  if (threads <= 0) {
    const scratch = createSwapScratch();
    const warps = new WarpCache();
    const spec = init.cleanup;
    const cleaner = spec ? import('../cleanup/apply-frame.ts').then((m) => m.createFrameCleaner(spec)) : null;
    cleaner?.catch(() => undefined); // awaited by swap()
    return {
      capacity: 1,
      async swap(frame, faces, index) {
        const clean = cleaner ? (await cleaner).clean : undefined;
        const r = runSwapJob(init, jobOf(0, frame, faces, 'swap', index), scratch, clean, warps);
        return { ...r, frame: { ...frame, data: r.data } };
      },
      async stats(frame, faces, index) {
        const r = runStatsJob(init, jobOf(0, frame, faces, 'stats', index), scratch, warps);
        return { stats: r.stats, warpMs: r.warpMs, frame: { ...frame, data: r.data } };
      },
      close: async () => (cleaner ? (await cleaner.catch(() => null))?.dispose() : undefined),
    };
  }
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const queue: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  // Which thread ran each frame's stats job (its swap job goes there, to reuse the warps).
  const statsThread = new Map<number, Worker>();
  let nextId = 1;
  let closed = false;
  let broken: Error | null = null;

  // Jobs start in queue order, except that a pinned job waits for its thread (later jobs may pass it).
  const dispatch = () => {
    for (let i = 0; i < queue.length && idle.length > 0;) {
      const p = queue[i]!;
      const at = p.pin ? idle.indexOf(p.pin) : idle.length - 1;
      if (at < 0) {
        i++;
        continue;
      }
      const w = idle.splice(at, 1)[0]!;
      queue.splice(i, 1);
      if (p.job.kind === 'stats' && p.job.frame !== undefined) statsThread.set(p.job.frame, w);
      inFlight.set(p.job.id, p);
      w.postMessage(p.job, [p.job.data.buffer as ArrayBuffer]);
    }
  };
  const failAll = (err: Error) => {
    broken = err;
    for (const p of [...inFlight.values(), ...queue]) p.reject(err);
    inFlight.clear();
    queue.length = 0;
  };

  for (let i = 0; i < threads; i++) {
    const w = new Worker(new URL('./swap-worker.ts', import.meta.url), { workerData: init });
    w.on('message', (reply: SwapReply) => {
      const p = inFlight.get(reply.id);
      inFlight.delete(reply.id);
      idle.push(w);
      if (p) {
        if (reply.ok) p.resolve(reply);
        else p.reject(new Error(`swap worker: ${reply.error}`));
      }
      dispatch();
    });
    w.on('error', (err) => failAll(err instanceof Error ? err : new Error(String(err))));
    w.on('exit', (code) => {
      if (!closed && code !== 0) failAll(new Error(`swap worker exited with code ${code}`));
    });
    workers.push(w);
    idle.push(w);
  }

  const pinFor = (kind: 'swap' | 'stats', index: number | undefined): Worker | null => {
    if (kind !== 'swap' || index === undefined) return null;
    const w = statsThread.get(index) ?? null;
    // Swaps come in frame order: older frames (the smoothing margin) will not be asked for again.
    for (const f of statsThread.keys()) if (f <= index) statsThread.delete(f);
    return w;
  };
  const submit = (frame: Image, faces: FaceInFrame[], kind: 'swap' | 'stats', index?: number) => {
    if (broken) return Promise.reject(broken);
    if (closed) return Promise.reject(new Error('swap pool is closed'));
    return new Promise<SwapJobResult | StatsJobResult>((resolve, reject) => {
      const job = jobOf(nextId++, frame, faces, kind, index);
      queue.push({ job, pin: pinFor(kind, index), resolve, reject });
      dispatch();
    });
  };
  return {
    capacity: threads * 2,
    async swap(frame, faces, index) {
      const r = await submit(frame, faces, 'swap', index);
      if (!('matte' in r)) throw new Error('swap worker: a swap job answered without a matte');
      return { ...r, frame: { ...frame, data: r.data } };
    },
    async stats(frame, faces, index) {
      const r = await submit(frame, faces, 'stats', index);
      if (!('stats' in r)) throw new Error('swap worker: a stats job answered without statistics');
      return { stats: r.stats, warpMs: r.warpMs, frame: { ...frame, data: r.data } };
    },
    async close() {
      closed = true;
      failAll(new Error('swap pool is closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
