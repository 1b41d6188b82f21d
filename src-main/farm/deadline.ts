// Deadline submission files for a farm job (Thinkbox Deadline 10 "Manual Job Submission": a job info file
// and a plugin info file per job, `key=value` lines). The render is one CommandLine-plugin job whose tasks are
// chunks of the frame range (Frames + ChunkSize; Deadline replaces <STARTFRAME>/<ENDFRAME> in Arguments per
// task); the concat is a second CommandLine job with JobDependencies on the render job, whose id exists only
// once the render job is submitted: submit-deadline.sh submits the render job, reads the JobID deadlinecommand
// prints, and puts it into the concat job info before submitting that.
import path from 'node:path';
import { formatInclusiveRange } from '../../src-shared/frame-range.ts';
import type { FarmJobSpec } from './job-spec.ts';
import { chunkRenderArgv } from './render-argv.ts';
import { chunkExtension } from '../render/intermediate.ts';
import { segmentName } from './job-spec.ts';
import { shellQuote } from './slurm-script.ts';

export const DEADLINE_RENDER_JOB = 'render_job_info.job';
export const DEADLINE_RENDER_PLUGIN = 'render_plugin_info.job';
export const DEADLINE_CONCAT_JOB = 'concat_job_info.job';
export const DEADLINE_CONCAT_PLUGIN = 'concat_plugin_info.job';
export const DEADLINE_SUBMIT = 'submit-deadline.sh';
/** Replaced by the render job's id when submit-deadline.sh submits the concat job. */
export const RENDER_JOB_ID_TOKEN = '@RENDER_JOB_ID@';

/** Deadline's CommandLine plugin takes one argument string: words with spaces or quotes are double-quoted. */
export function deadlineArguments(args: readonly string[]): string {
  return args.map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ');
}

function infoFile(entries: Array<[string, string | number]>): string {
  for (const [key, value] of entries) {
    if (/[\r\n]/.test(String(value))) throw new Error(`Deadline ${key} cannot hold a line break`);
  }
  return entries.map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

export interface DeadlineFiles {
  [name: string]: string;
}

export function deadlineFiles(spec: FarmJobSpec): DeadlineFiles {
  const [executable, ...prefix] = spec.depthswap;
  if (!executable) throw new Error('no depthswap command for the farm nodes');
  const ext = chunkExtension(spec.outputFormat, spec.out);
  const segmentsDir = path.dirname(spec.chunks[0]!.segment);
  const renderArgs = chunkRenderArgv(prefix, {
    project: spec.project,
    clipId: spec.clipId,
    first: '<STARTFRAME>',
    last: '<ENDFRAME>',
    segment: path.join(segmentsDir, segmentName('<STARTFRAME>', '<ENDFRAME>', ext)),
    format: spec.outputFormat,
  });
  const pool = spec.partition ?? 'none';
  const renderJob = infoFile([
    ['Plugin', 'CommandLine'],
    ['Name', spec.name],
    [
      'Comment',
      `depthswap render of ${path.basename(spec.project)}, frames ${formatInclusiveRange(spec.range)}`,
    ],
    ['Frames', formatInclusiveRange(spec.range)],
    ['ChunkSize', spec.chunkSize],
    ['Pool', pool],
    ['OutputDirectory0', segmentsDir],
  ]);
  const renderPlugin = infoFile([
    ['Executable', executable],
    ['Arguments', deadlineArguments(renderArgs)],
    ['StartupDirectory', spec.workDir],
    ['Shell', 'default'],
    ['ShellExecute', 'False'],
    ['SingleFramesOnly', 'False'],
  ]);
  const concatJob = infoFile([
    ['Plugin', 'CommandLine'],
    ['Name', `${spec.name} (concat)`],
    ['Comment', `joins the ${spec.chunks.length} segments of ${spec.name} into ${path.basename(spec.out)}`],
    ['Frames', String(spec.range.start)],
    ['ChunkSize', 1],
    ['Pool', pool],
    ['JobDependencies', RENDER_JOB_ID_TOKEN],
    ['OutputDirectory0', path.dirname(spec.out)],
    ['OutputFilename0', path.basename(spec.out)],
  ]);
  const concatPlugin = infoFile([
    ['Executable', executable],
    ['Arguments', deadlineArguments(spec.concat.argv.slice(1))],
    ['StartupDirectory', spec.workDir],
    ['Shell', 'default'],
    ['ShellExecute', 'False'],
    ['SingleFramesOnly', 'False'],
  ]);
  const submit = [
    '#!/bin/bash',
    `# Submits "${spec.name}" to Deadline: the chunked render job, then the concat job depending on it.`,
    '# Needs deadlinecommand on PATH (or DEADLINECOMMAND=/path/to/deadlinecommand).',
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    'dl="${DEADLINECOMMAND:-deadlinecommand}"',
    `mkdir -p ${shellQuote(segmentsDir)} ${shellQuote(path.dirname(spec.concat.log))}`,
    `out=$("$dl" ${DEADLINE_RENDER_JOB} ${DEADLINE_RENDER_PLUGIN})`,
    'printf "%s\\n" "$out"',
    `id=$(printf "%s\\n" "$out" | tr -d '\\r' | sed -n 's/^JobID=//p' | head -n 1)`,
    '[ -n "$id" ] || { echo "submit-deadline.sh: deadlinecommand printed no JobID for the render job" >&2; exit 1; }',
    `sed "s/${RENDER_JOB_ID_TOKEN}/$id/" ${DEADLINE_CONCAT_JOB} > concat_job_info.submitted.job`,
    `"$dl" concat_job_info.submitted.job ${DEADLINE_CONCAT_PLUGIN}`,
    '',
  ].join('\n');
  return {
    [DEADLINE_RENDER_JOB]: renderJob,
    [DEADLINE_RENDER_PLUGIN]: renderPlugin,
    [DEADLINE_CONCAT_JOB]: concatJob,
    [DEADLINE_CONCAT_PLUGIN]: concatPlugin,
    [DEADLINE_SUBMIT]: submit,
  };
}
