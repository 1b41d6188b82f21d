// `depthswap farm submit` (Slurm: a job array of chunk renders plus a dependent concat job, followed until
// done) and `depthswap farm export` (Deadline / OpenCue submission files). See docs/farm.md.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type Command, type CliIo } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { parseFramesOption } from './transcode.ts';
import { OUTPUT_FORMATS } from '../../../src-shared/media.ts';
import { readProjectFile } from '../../project/project-file.ts';
import { presetFor } from '../../render/project-spec.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { prepareFarmJob } from '../../farm/build-job.ts';
import { defaultWorkDir } from '../../farm/job-spec.ts';
import { followSlurm, submitSlurm } from '../../farm/slurm-run.ts';
import { writeExport } from '../../farm/export.ts';
import { runFarmTask } from '../../farm/farm-task.ts';

const usage = `Usage:
  depthswap farm submit --engine slurm <project.dsproj> --out F --chunk N [--format F] [--frames A-B]
                        [--clip ID] [--partition P] [--work-dir DIR] [--poll SECONDS] [--detach] [--keep-work]
  depthswap farm export --engine deadline|opencue <project.dsproj> --chunk N --out DIR [--output F]
                        [--format F] [--frames A-B] [--clip ID] [--pool P] [--work-dir DIR]

submit  renders on Slurm: one array task per chunk of N frames (each runs depthswap render on its range,
        log in the work folder), then a concat job (afterok) that joins the segments into F; follows the
        jobs (squeue/sacct) with progress until F exists, or names the failed chunk and its log (exit 1).
        Ctrl-C cancels both jobs. --detach submits and prints the job ids without following.
export  writes the submission files of Deadline (CommandLine plugin job + dependent concat job) or OpenCue
        (an outline with a chunked shell layer and a concat layer) into DIR (a new folder on the shared
        volume); the farm renders --output (default DIR/<project>.mov or .mp4), segments go to DIR/work.

  --format     prores-hq, prores-4444 or h264 (default: the project's first render preset, as depthswap render)
  --frames     inclusive range, e.g. 0-59 (default: the whole clip)
  --work-dir   segments, scripts and logs, on the shared volume (default: hidden folder next to the output)
  --node-bin   how farm nodes run depthswap (default: this node binary + this checkout's depthswap.mjs)
Bundle the project first (depthswap project bundle) when nodes cannot see your state folder.
(depthswap farm task <file> is what nodes run for queue run --executor slurm.)`;

const shared = {
  engine: { type: 'string' },
  out: { type: 'string' },
  chunk: { type: 'string' },
  format: { type: 'string' },
  frames: { type: 'string' },
  clip: { type: 'string' },
  'work-dir': { type: 'string' },
  'node-bin': { type: 'string' },
  'state-dir': { type: 'string' },
} as const;

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

async function submit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      ...shared,
      partition: { type: 'string' },
      poll: { type: 'string' },
      detach: { type: 'boolean' },
      'keep-work': { type: 'boolean' },
    },
    { min: 1, max: 1 },
  );
  if (oneOf('engine', values.engine, ['slurm'] as const) === undefined)
    throw new UsageError('--engine slurm is required (Deadline and OpenCue: use farm export)');
  if (!values.out) throw new UsageError('--out is required');
  const chunkSize = intOption('chunk', values.chunk, 1);
  if (chunkSize === undefined) throw new UsageError('--chunk N is required');
  const poll = intOption('poll', values.poll, 1);
  const out = path.resolve(values.out);
  const format = oneOf('format', values.format, OUTPUT_FORMATS);
  const range = parseFramesOption(values.frames);
  const spec = await prepareFarmJob({
    engine: 'slurm',
    project: positionals[0]!,
    ...(values.clip ? { clipId: values.clip } : {}),
    ...(range ? { range } : {}),
    chunkSize,
    ...(format ? { format } : {}),
    out,
    workDir: path.resolve(values['work-dir'] ?? defaultWorkDir(out, stamp())),
    partition: values.partition ?? null,
    ...(values['node-bin'] ? { depthswap: [values['node-bin']] } : {}),
    stateDir: values['state-dir'] ?? defaultStateDir(io.env),
  });
  const event = (line: string) => io.stderr.write(`${line}\n`);
  const ids = await submitSlurm(spec, { env: io.env, onEvent: event });
  if (values.detach) {
    io.stdout.write(`${ids.array} ${ids.concat}\n`);
    return 0;
  }
  const bar = progressPrinter(io);
  try {
    await followSlurm(spec, ids, {
      env: io.env,
      signal: io.signal,
      onProgress: bar.update,
      onEvent: (line) => {
        bar.end();
        event(line);
      },
      ...(poll !== undefined ? { pollMs: poll * 1000 } : {}),
      keepWork: Boolean(values['keep-work']),
    });
  } finally {
    bar.end();
  }
  io.stdout.write(`${spec.out}\n`);
  return 0;
}

async function exportFiles(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { ...shared, output: { type: 'string' }, pool: { type: 'string' } },
    { min: 1, max: 1 },
  );
  const engine = oneOf('engine', values.engine, ['deadline', 'opencue'] as const);
  if (!engine) throw new UsageError('--engine deadline|opencue is required');
  if (!values.out) throw new UsageError('--out DIR (where the submission files go) is required');
  const chunkSize = intOption('chunk', values.chunk, 1);
  if (chunkSize === undefined) throw new UsageError('--chunk N is required');
  const dir = path.resolve(values.out);
  const project = positionals[0]!;
  const format =
    oneOf('format', values.format, OUTPUT_FORMATS) ??
    presetFor((await readProjectFile(project)).project).format;
  const output = path.resolve(
    values.output ??
      path.join(dir, path.basename(project, path.extname(project)) + (format === 'h264' ? '.mp4' : '.mov')),
  );
  const range = parseFramesOption(values.frames);
  await mkdir(path.dirname(output), { recursive: true });
  const spec = await prepareFarmJob({
    engine,
    project,
    ...(values.clip ? { clipId: values.clip } : {}),
    ...(range ? { range } : {}),
    chunkSize,
    format,
    out: output,
    workDir: path.resolve(values['work-dir'] ?? path.join(dir, 'work')),
    partition: values.pool ?? null,
    ...(values['node-bin'] ? { depthswap: [values['node-bin']] } : {}),
    stateDir: values['state-dir'] ?? defaultStateDir(io.env),
  });
  const files = await writeExport(spec, dir);
  for (const f of files) io.stdout.write(`${f}\n`);
  return 0;
}

export const farmCommand: Command = {
  name: 'farm',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'submit') return submit(rest, io);
    if (sub === 'export') return exportFiles(rest, io);
    if (sub === 'task') {
      // Internal: what a node runs for a task of `queue run --executor slurm` (exit 1 when the render failed).
      const { positionals } = parseOptions(rest, {}, { min: 1, max: 1 });
      const r = await runFarmTask(path.resolve(positionals[0]!), { env: io.env, signal: io.signal });
      if (r.ok) io.stdout.write(`${r.out}\n`);
      else io.stderr.write(`depthswap farm task: ${r.error}\n`);
      return r.ok ? 0 : 1;
    }
    throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'expected a subcommand: submit or export');
  },
};
