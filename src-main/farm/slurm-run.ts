// Runs a farm job on Slurm: writes the job spec and scripts to the work folder, submits the chunk array and
// the dependent concat job with sbatch, then follows them (squeue, and sacct once the controller has
// forgotten a job) with progress until the output exists, or names the failed chunk and its log.
// Cancelling (Ctrl-C) cancels both jobs with scancel.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { EtaEstimator, type ProgressListener } from '../../src-shared/progress.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { CancelledError } from '../util/cancel.ts';
import type { FarmJobSpec } from './job-spec.ts';
import { farmStatus, unreported, type FarmJobIds } from './slurm-follow.ts';
import {
  ARRAY_SCRIPT,
  CONCAT_SCRIPT,
  arrayScript,
  arraySbatchArgs,
  concatSbatchArgs,
  concatScript,
  parseJobStates,
  parseSbatchOutput,
  sacctArgs,
  squeueArgs,
  FAILED,
  SUCCEEDED,
  type SlurmJobState,
} from './slurm-script.ts';

export interface SlurmRunOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** One line per event (submitted ids, chunk finished), for the terminal or a log. */
  onEvent?: (line: string) => void;
  pollMs?: number;
  /** Keep segments, scripts and logs after a successful job (they are always kept after a failure). */
  keepWork?: boolean;
}

/** A chunk or the concat failed on the farm: which one, its state and its log. */
export class FarmTaskError extends Error {
  override name = 'FarmTaskError';
  readonly chunk: number | null;
  readonly log: string;
  constructor(message: string, chunk: number | null, log: string) {
    super(message);
    this.chunk = chunk;
    this.log = log;
  }
}

/** Runs a Slurm client command; a missing binary or a non-zero exit is an error naming the command. */
export function slurmCommand(
  cmd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return reject(new Error(`${cmd} not found on PATH (is this a Slurm submit host?)`));
      const why = stderr.trim().split('\n').pop() || err.message;
      reject(new Error(`${cmd} failed: ${why}`));
    });
  });
}

/** Writes job.json and the two scripts into the work folder and submits both jobs. */
export async function submitSlurm(spec: FarmJobSpec, opts: SlurmRunOptions = {}): Promise<FarmJobIds> {
  const env = opts.env ?? process.env;
  const existing = await readdir(spec.workDir).catch(() => []);
  if (existing.length > 0) {
    throw new Error(
      `the work folder is not empty: ${spec.workDir} (an earlier job's? remove it or pass another --work-dir)`,
    );
  }
  for (const dir of ['segments', 'logs']) await mkdir(path.join(spec.workDir, dir), { recursive: true });
  await writeFileAtomic(path.join(spec.workDir, 'job.json'), JSON.stringify(spec, null, 2) + '\n');
  await writeFileAtomic(path.join(spec.workDir, ARRAY_SCRIPT), arrayScript(spec));
  await writeFileAtomic(path.join(spec.workDir, CONCAT_SCRIPT), concatScript(spec));
  const array = parseSbatchOutput(await slurmCommand('sbatch', arraySbatchArgs(spec), env));
  let concat: string;
  try {
    concat = parseSbatchOutput(await slurmCommand('sbatch', concatSbatchArgs(spec, array), env));
  } catch (err) {
    await slurmCommand('scancel', [array], env).catch(() => undefined);
    throw err;
  }
  opts.onEvent?.(
    `submitted job array ${array} (${spec.chunks.length} chunks) and concat job ${concat} (afterok:${array})`,
  );
  return { array, concat };
}

/**
 * The jobs' states: squeue for what the controller still holds, remembered finished states for what it has
 * since forgotten (MinJobAge), and sacct for anything else (a job that finished between two polls).
 */
async function jobStates(
  ids: FarmJobIds,
  spec: FarmJobSpec,
  env: NodeJS.ProcessEnv,
  memory: Map<string, SlurmJobState>,
): Promise<SlurmJobState[]> {
  for (const s of parseJobStates(await slurmCommand('squeue', squeueArgs([ids.array, ids.concat]), env)))
    memory.set(s.id, s);
  const gone = unreported(ids, spec.chunks.length, [...memory.values()]);
  if (gone.length > 0) {
    const fromSacct = await slurmCommand('sacct', sacctArgs([ids.array, ids.concat]), env).then(
      parseJobStates,
      (err: unknown) => {
        throw new Error(
          `Slurm no longer reports job(s) ${gone.join(', ')} and sacct cannot tell what became of them (${err instanceof Error ? err.message : String(err)})`,
        );
      },
    );
    for (const s of fromSacct)
      if (!memory.has(s.id) || FAILED.has(s.state) || SUCCEEDED.has(s.state)) memory.set(s.id, s);
  }
  return [...memory.values()];
}

async function lastLogLine(log: string): Promise<string> {
  const text = await readFile(log, 'utf8').catch(() => '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.at(-1) ?? '(empty log)';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** Polls until the concat job completed (resolves) or something failed (FarmTaskError). */
export async function followSlurm(
  spec: FarmJobSpec,
  ids: FarmJobIds,
  opts: SlurmRunOptions = {},
): Promise<void> {
  const env = opts.env ?? process.env;
  const total = spec.range.end - spec.range.start;
  const eta = new EtaEstimator(total, 'farm');
  const finished = new Set<number>();
  const memory = new Map<string, SlurmJobState>();
  const cancelAll = () => slurmCommand('scancel', [ids.array, ids.concat], env).catch(() => undefined);
  for (;;) {
    if (opts.signal?.aborted) {
      opts.onEvent?.(`cancelling: scancel ${ids.array} ${ids.concat}`);
      await cancelAll();
      throw new CancelledError(`cancelled: scancel ${ids.array} ${ids.concat}`);
    }
    const states = await jobStates(ids, spec, env, memory);
    const status = farmStatus(ids, spec.chunks.length, states);
    for (const s of states) {
      const m = new RegExp(`^${ids.array}_(\\d+)$`).exec(s.id);
      const chunk = m ? spec.chunks[Number(m[1])] : undefined;
      if (chunk && s.state === 'COMPLETED' && !finished.has(chunk.index)) {
        finished.add(chunk.index);
        opts.onEvent?.(`chunk ${chunk.index} (frames ${chunk.start}-${chunk.end - 1}) done`);
      }
    }
    const framesDone = [...finished].reduce((n, i) => n + (spec.chunks[i]!.end - spec.chunks[i]!.start), 0);
    if (status.kind === 'chunk-failed') {
      await cancelAll();
      const chunk = spec.chunks[status.chunk]!;
      throw new FarmTaskError(
        `chunk ${chunk.index} (frames ${chunk.start}-${chunk.end - 1}) failed on the farm (job ${ids.array}_${chunk.index}, ${status.state}${status.reason ? `, ${status.reason}` : ''}): ${await lastLogLine(chunk.log)}; log: ${chunk.log}`,
        chunk.index,
        chunk.log,
      );
    }
    if (status.kind === 'concat-failed') {
      throw new FarmTaskError(
        `the concat job ${ids.concat} failed (${status.state}${status.reason ? `, ${status.reason}` : ''}): ${await lastLogLine(spec.concat.log)}; log: ${spec.concat.log}`,
        null,
        spec.concat.log,
      );
    }
    if (status.kind === 'done') {
      if (!(await stat(spec.out).catch(() => null))?.isFile()) {
        throw new FarmTaskError(
          `the concat job ${ids.concat} completed but ${spec.out} is missing; log: ${spec.concat.log}`,
          null,
          spec.concat.log,
        );
      }
      opts.onProgress?.(eta.update(total, Date.now(), 'done'));
      if (!opts.keepWork) await rm(spec.workDir, { recursive: true, force: true });
      return;
    }
    const message =
      status.chunksDone === spec.chunks.length
        ? `joining (concat job ${status.concat ?? 'queued'})`
        : `chunks ${status.chunksDone}/${spec.chunks.length} done, ${status.chunksRunning} running`;
    opts.onProgress?.(eta.update(framesDone, Date.now(), message));
    await sleep(opts.pollMs ?? 2000, opts.signal);
  }
}
