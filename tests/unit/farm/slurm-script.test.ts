// The pure half of the Slurm executor: job spec validation and chunking, the batch scripts and the
// sbatch/squeue/sacct command lines (sbatch(1), squeue(1), sacct(1) of Slurm 22.05), the parsers of what
// those commands print, and what the reported states mean for the job.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { planFarmJob } from '../../../src-main/farm/build-job.ts';
import { parseFarmJobSpec, splitRange } from '../../../src-main/farm/job-spec.ts';
import { farmStatus, unreported } from '../../../src-main/farm/slurm-follow.ts';
import {
  arraySbatchArgs,
  arrayScript,
  concatSbatchArgs,
  concatScript,
  parseJobStates,
  parseSbatchOutput,
  shellQuote,
  squeueArgs,
} from '../../../src-main/farm/slurm-script.ts';

const spec = planFarmJob({
  engine: 'slurm',
  project: "/shared/shots/sh 010/it's.dsproj",
  clipId: 'clip-1',
  range: { start: 1001, end: 1061 },
  chunkSize: 25,
  format: 'prores-hq',
  out: '/shared/out/sh010.mov',
  workDir: '/shared/out/.sh010.farm-1',
  partition: 'gpu',
  depthswap: ['/opt/node/bin/node', '/opt/depthswap/src-main/cli/depthswap.mjs'],
});

describe('farm job spec', () => {
  it('cuts a range into chunks as Deadline and OpenCue do (the last one shorter)', () => {
    expect(splitRange({ start: 0, end: 60 }, 20)).toEqual([
      { start: 0, end: 20 },
      { start: 20, end: 40 },
      { start: 40, end: 60 },
    ]);
    expect(spec.chunks.map((c) => [c.start, c.end])).toEqual([
      [1001, 1026],
      [1026, 1051],
      [1051, 1061],
    ]);
    expect(() => splitRange({ start: 0, end: 10 }, 0)).toThrow(/positive integer/);
  });

  it('each chunk runs depthswap render on its inclusive range into its own segment', () => {
    expect(spec.chunks[2]!.argv).toEqual([
      '/opt/node/bin/node',
      '/opt/depthswap/src-main/cli/depthswap.mjs',
      'render',
      "/shared/shots/sh 010/it's.dsproj",
      '--clip',
      'clip-1',
      '--frames',
      '1051-1060',
      '--out',
      '/shared/out/.sh010.farm-1/segments/chunk-1051-1060.mov',
      '--format',
      'prores-hq',
    ]);
    expect(spec.concat.argv.slice(2)).toEqual([
      'render',
      '--concat',
      ...spec.chunks.map((c) => c.segment),
      '--remove-segments',
      '--out',
      '/shared/out/sh010.mov',
    ]);
  });

  it('is validated (a boundary): gaps, relative paths and a segment over the output are refused', () => {
    const gap = { ...spec, chunks: [spec.chunks[0], spec.chunks[2]] };
    expect(() => parseFarmJobSpec(gap)).toThrow(/chunk 1 does not continue the range/);
    expect(() => parseFarmJobSpec({ ...spec, out: 'out.mov' })).toThrow(/out: must be an absolute path/);
    const over = { ...spec, chunks: spec.chunks.map((c, i) => (i === 0 ? { ...c, segment: spec.out } : c)) };
    expect(() => parseFarmJobSpec(over)).toThrow(/overwrite the output/);
    expect(() => parseFarmJobSpec({ ...spec, version: 2 })).toThrow(/version/);
  });
});

describe('Slurm scripts and command lines', () => {
  it('the array script maps SLURM_ARRAY_TASK_ID to the chunk, quoting every word for bash', () => {
    const script = arrayScript(spec);
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain(
      `exec /opt/node/bin/node /opt/depthswap/src-main/cli/depthswap.mjs render '/shared/shots/sh 010/it'\\''s.dsproj'`,
    );
    // bash itself parses the script: task 1 would run exactly chunk 1's argv.
    const probe = script.replace(/exec /g, 'printf "%s\\n" ').replace(/^cd .*$/m, '');
    const r = spawnSync('bash', ['-c', probe], { env: { SLURM_ARRAY_TASK_ID: '1' }, encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toEqual(spec.chunks[1]!.argv);
    const bad = spawnSync('bash', ['-c', probe], { env: { SLURM_ARRAY_TASK_ID: '7' }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(concatScript(spec)).toContain(
      `--concat ${spec.chunks.map((c) => c.segment).join(' ')} --remove-segments --out`,
    );
    expect(shellQuote('a b')).toBe("'a b'");
  });

  it('sbatch: an array of one task per chunk with per-task logs, and an afterok concat job', () => {
    expect(arraySbatchArgs(spec)).toEqual([
      '--parsable',
      '--partition=gpu',
      '--chdir=/shared/out/.sh010.farm-1',
      `--job-name=${spec.name}`,
      '--array=0-2',
      '--output=/shared/out/.sh010.farm-1/logs/chunk-%a.log',
      '--ntasks=1',
      '/shared/out/.sh010.farm-1/slurm-chunks.sh',
    ]);
    const concat = concatSbatchArgs(spec, '4242');
    expect(concat).toContain('--dependency=afterok:4242');
    expect(concat).toContain('--kill-on-invalid-dep=yes');
    expect(concat).toContain('--output=/shared/out/.sh010.farm-1/logs/concat.log');
    expect(squeueArgs(['4242', '4243'])).toContain('--jobs=4242,4243');
  });

  it('parses sbatch --parsable, squeue and sacct output', () => {
    expect(parseSbatchOutput('4242\n')).toBe('4242');
    expect(parseSbatchOutput('4242;cluster\n')).toBe('4242');
    expect(() => parseSbatchOutput('sbatch: error: Batch job submission failed')).toThrow(
      /no job id|did not print/,
    );
    const states = parseJobStates('42_[1-2]|PENDING|None\n42_0|RUNNING|None\n43|PENDING|Dependency\n');
    expect(states).toEqual([
      { id: '42_1', state: 'PENDING', reason: null },
      { id: '42_2', state: 'PENDING', reason: null },
      { id: '42_0', state: 'RUNNING', reason: null },
      { id: '43', state: 'PENDING', reason: 'Dependency' },
    ]);
    // sacct --parsable2: JobID|State|ExitCode, "CANCELLED by 0".
    expect(parseJobStates('42_1|CANCELLED by 0|0:15\n')[0]).toEqual({
      id: '42_1',
      state: 'CANCELLED',
      reason: '0:15',
    });
  });

  it('states: progress, the first failed chunk, done only when the concat completed', () => {
    const ids = { array: '42', concat: '43' };
    const s = (text: string) => farmStatus(ids, 3, parseJobStates(text));
    expect(s('42_0|COMPLETED|None\n42_1|RUNNING|None\n42_2|PENDING|None\n43|PENDING|Dependency')).toEqual({
      kind: 'running',
      chunksDone: 1,
      chunksRunning: 1,
      concat: 'PENDING',
    });
    expect(
      s('42_0|COMPLETED|None\n42_1|FAILED|NonZeroExitCode\n43|PENDING|DependencyNeverSatisfied'),
    ).toEqual({
      kind: 'chunk-failed',
      chunk: 1,
      state: 'FAILED',
      reason: 'NonZeroExitCode',
    });
    expect(
      s('42_0|COMPLETED|None\n42_1|COMPLETED|None\n42_2|COMPLETED|None\n43|FAILED|NonZeroExitCode').kind,
    ).toBe('concat-failed');
    expect(s('42_0|COMPLETED|None\n42_1|COMPLETED|None\n42_2|COMPLETED|None\n43|COMPLETED|None').kind).toBe(
      'done',
    );
    expect(unreported(ids, 3, parseJobStates('42_0|COMPLETED|None\n43|PENDING|None'))).toEqual([
      '42_1',
      '42_2',
    ]);
  });
});
