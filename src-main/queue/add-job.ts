// Queuing a project render: the spec as the project holds it now (render/project-spec.ts), checked before
// it enters the queue (the output folder exists and is writable, the output does not exist unless
// overwrite, no other unfinished job writes the same file, every input is present).
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import { checkOutputPath } from '../media/output-path.ts';
import { checkInputs } from '../render/render-engine.ts';
import { specFromProjectFile } from '../render/project-spec.ts';
import { QueueError, type QueueStore } from './queue-store.ts';
import type { RenderSpec } from '../../src-shared/render/spec.ts';

export interface AddJobOptions {
  out: string;
  format?: OutputFormat;
  range?: FrameRange;
  clipId?: string;
  chunkSize?: number;
  priority?: number;
  audio?: boolean;
  timecode?: boolean;
  overwrite?: boolean;
  signal?: AbortSignal;
}

/** Adds a render spec (from the studio, or a project file through addProjectJob) after the checks. */
export async function addSpecJob(
  store: QueueStore,
  spec: RenderSpec,
  opts: { chunkSize?: number; priority?: number; overwrite?: boolean } = {},
): Promise<string> {
  checkInputs(spec);
  await checkOutputPath(spec.out, spec.preset.format, {
    inputs: { 'target clip': spec.target, 'source face': spec.source.path, analysis: spec.analysis },
    overwrite: opts.overwrite ?? false,
  });
  const clash = store
    .listJobs()
    .find((j) => j.out === spec.out && ['queued', 'active', 'paused'].includes(j.state));
  if (clash) throw new QueueError(`job ${clash.id} (${clash.state}) already renders to ${spec.out}`);
  return store.addJob(spec, opts);
}

export async function addProjectJob(
  store: QueueStore,
  project: string,
  opts: AddJobOptions,
): Promise<string> {
  const spec = await specFromProjectFile(project, {
    out: opts.out,
    ...(opts.clipId ? { clipId: opts.clipId } : {}),
    ...(opts.range ? { range: opts.range } : {}),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.audio !== undefined ? { audio: opts.audio } : {}),
    ...(opts.timecode !== undefined ? { timecode: opts.timecode } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return addSpecJob(store, spec, {
    ...(opts.chunkSize !== undefined ? { chunkSize: opts.chunkSize } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
    ...(opts.overwrite !== undefined ? { overwrite: opts.overwrite } : {}),
  });
}
