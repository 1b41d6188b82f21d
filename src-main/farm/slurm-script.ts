// Slurm, as text: the batch scripts and sbatch/squeue/sacct/scancel command lines of a farm job, and parsers
// of what those commands print. Pure (no processes): src-main/farm/slurm-run.ts runs them.
import path from 'node:path';
import type { FarmJobSpec } from './job-spec.ts';

/** Quotes one word for bash (single quotes; a single quote becomes '\''). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** The job array script: task i runs chunk i's render (its log is logs/chunk-<i>.log). */
export function arrayScript(spec: FarmJobSpec): string {
  const cases = spec.chunks.map(
    (c) => `  ${c.index}) # frames ${c.start}-${c.end - 1}\n    exec ${shellLine(c.argv)} ;;`,
  );
  return [
    '#!/bin/bash',
    `# depthswap farm job "${spec.name.replace(/\n/g, ' ')}": ${spec.chunks.length} chunk(s) of ${spec.chunkSize} frames`,
    'set -euo pipefail',
    `cd ${shellQuote(spec.workDir)}`,
    'case "${SLURM_ARRAY_TASK_ID:?not a Slurm array task}" in',
    ...cases,
    '  *) echo "depthswap farm: no chunk ${SLURM_ARRAY_TASK_ID}" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n');
}

/** The concat script: joins the segments into the output (run after every chunk succeeded). */
export function concatScript(spec: FarmJobSpec): string {
  return [
    '#!/bin/bash',
    `# depthswap farm job "${spec.name.replace(/\n/g, ' ')}": join ${spec.chunks.length} segment(s)`,
    'set -euo pipefail',
    `cd ${shellQuote(spec.workDir)}`,
    `exec ${shellLine(spec.concat.argv)}`,
    '',
  ].join('\n');
}

export const ARRAY_SCRIPT = 'slurm-chunks.sh';
export const CONCAT_SCRIPT = 'slurm-concat.sh';

function common(spec: FarmJobSpec): string[] {
  return [
    '--parsable',
    ...(spec.partition ? [`--partition=${spec.partition}`] : []),
    `--chdir=${spec.workDir}`,
  ];
}

/** sbatch argv of the job array: one task per chunk, one CPU each, each with its own log. */
export function arraySbatchArgs(spec: FarmJobSpec): string[] {
  const logPattern = path.join(path.dirname(spec.chunks[0]!.log), 'chunk-%a.log');
  return [
    ...common(spec),
    `--job-name=${spec.name}`,
    `--array=0-${spec.chunks.length - 1}`,
    `--output=${logPattern}`,
    '--ntasks=1',
    path.join(spec.workDir, ARRAY_SCRIPT),
  ];
}

/** sbatch argv of the concat job: starts only when every array task ended with exit code 0. */
export function concatSbatchArgs(spec: FarmJobSpec, arrayJobId: string): string[] {
  return [
    ...common(spec),
    `--job-name=${spec.name} (concat)`,
    `--dependency=afterok:${arrayJobId}`,
    '--kill-on-invalid-dep=yes',
    `--output=${spec.concat.log}`,
    '--ntasks=1',
    path.join(spec.workDir, CONCAT_SCRIPT),
  ];
}

/** `sbatch --parsable` prints `<jobid>` or `<jobid>;<cluster>`. */
export function parseSbatchOutput(stdout: string): string {
  const m = /^(\d+)(?:;\S+)?\s*$/.exec(stdout.trim());
  if (!m) throw new Error(`sbatch did not print a job id (got '${stdout.trim()}')`);
  return m[1]!;
}

export const SQUEUE_FORMAT = '%i|%T|%r';

export function squeueArgs(jobIds: readonly string[]): string[] {
  return [`--jobs=${jobIds.join(',')}`, '--states=all', '--array', '--noheader', `--format=${SQUEUE_FORMAT}`];
}

export function sacctArgs(jobIds: readonly string[]): string[] {
  return [
    `--jobs=${jobIds.join(',')}`,
    '--allocations',
    '--noheader',
    '--parsable2',
    '--format=JobID,State,ExitCode',
  ];
}

export interface SlurmJobState {
  /** Job id, `<array>_<task>` for an array task. */
  id: string;
  /** Base state (`COMPLETED`, `FAILED`, `CANCELLED`, ...; `CANCELLED by 0` becomes `CANCELLED`). */
  state: string;
  reason: string | null;
}

function expandArrayId(id: string): string[] {
  // `12_[0-3,5]` (a pending array squeue did not split) -> 12_0 ... 12_3, 12_5.
  const m = /^(\d+)_\[([\d,\-%]+)\]$/.exec(id);
  if (!m) return [id];
  const ids: string[] = [];
  for (const part of m[2]!.split('%')[0]!.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) continue;
    for (let i = a; i <= (b ?? a); i++) ids.push(`${m[1]}_${i}`);
  }
  return ids;
}

/** Lines of `squeue --format=%i|%T|%r` or `sacct --parsable2 --format=JobID,State,ExitCode`. */
export function parseJobStates(stdout: string): SlurmJobState[] {
  const states: SlurmJobState[] = [];
  for (const line of stdout.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (!id || !state) continue;
    const base = state.split(/\s+/)[0]!.replace(/\+$/, '');
    for (const one of expandArrayId(id))
      states.push({ id: one, state: base, reason: reason && reason !== 'None' ? reason : null });
  }
  return states;
}

/** States after which a job will not run again. */
export const SUCCEEDED = new Set(['COMPLETED']);
export const FAILED = new Set([
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  'REVOKED',
]);
