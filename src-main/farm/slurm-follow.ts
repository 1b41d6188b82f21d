// What the states Slurm reports mean for a farm job: how many chunks are done, whether one failed (which,
// and why), whether the concat finished. Pure; slurm-run.ts polls squeue/sacct and feeds it.
import { FAILED, SUCCEEDED, type SlurmJobState } from './slurm-script.ts';

export interface FarmJobIds {
  array: string;
  concat: string;
}

export type FarmStatus =
  | { kind: 'running'; chunksDone: number; chunksRunning: number; concat: string | null }
  | { kind: 'chunk-failed'; chunk: number; state: string; reason: string | null }
  | { kind: 'concat-failed'; state: string; reason: string | null }
  | { kind: 'done' };

export function farmStatus(
  ids: FarmJobIds,
  chunkCount: number,
  states: readonly SlurmJobState[],
): FarmStatus {
  const byId = new Map(states.map((s) => [s.id, s]));
  let chunksDone = 0;
  let chunksRunning = 0;
  for (let i = 0; i < chunkCount; i++) {
    const s = byId.get(`${ids.array}_${i}`);
    if (!s) continue;
    if (SUCCEEDED.has(s.state)) chunksDone++;
    else if (FAILED.has(s.state)) return { kind: 'chunk-failed', chunk: i, state: s.state, reason: s.reason };
    else if (s.state === 'RUNNING' || s.state === 'COMPLETING') chunksRunning++;
  }
  const concat = byId.get(ids.concat);
  if (concat && SUCCEEDED.has(concat.state)) return { kind: 'done' };
  if (concat && FAILED.has(concat.state)) {
    // The concat is cancelled by Slurm when a chunk failed (afterok never satisfied): the chunk is the news.
    return { kind: 'concat-failed', state: concat.state, reason: concat.reason };
  }
  return { kind: 'running', chunksDone, chunksRunning, concat: concat?.state ?? null };
}

/** The job ids that squeue/sacct did not report (gone from the controller's memory). */
export function unreported(ids: FarmJobIds, chunkCount: number, states: readonly SlurmJobState[]): string[] {
  const seen = new Set(states.map((s) => s.id));
  const want = [...Array.from({ length: chunkCount }, (_, i) => `${ids.array}_${i}`), ids.concat];
  return want.filter((id) => !seen.has(id));
}
