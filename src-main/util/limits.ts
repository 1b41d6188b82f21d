// Resource limits every entry point shares: worker threads per render and studio jobs running at once.
// A swap worker holds ~100-400 MiB (frames, scratch, its own V8 heap), so an unbounded count takes the
// machine down (--threads 1000 asked for ~19 GB); more workers than cores buy nothing.
import { availableParallelism } from 'node:os';

/** Most worker threads a render may start: twice the cores, at least 4, at most 64. */
export const MAX_THREADS = Math.min(64, Math.max(4, 2 * availableParallelism()));

/** Studio jobs (analysis, render, preview, depth) running at once; later ones wait in a queue. */
export const MAX_RUNNING_JOBS = Math.max(1, Math.min(4, availableParallelism()));
