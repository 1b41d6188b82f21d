// Builds a farm job spec from a project: which clip and range, the chunks, their segments and logs, and the
// render commands. `planFarmJob` is pure; `prepareFarmJob` reads the project and checks it before anything is
// submitted (every referenced file present, the output new and not one of the inputs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import { clampRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import { checkOutputPath } from '../media/output-path.ts';
import { probe } from '../media/probe.ts';
import { readProjectFile } from '../project/project-file.ts';
import { presetFor } from '../render/project-spec.ts';
import {
  FARM_JOB_FORMAT,
  FARM_JOB_VERSION,
  parseFarmJobSpec,
  segmentName,
  splitRange,
  type FarmEngine,
  type FarmJobSpec,
} from './job-spec.ts';
import { preflightProject, resolveProjectPath } from './preflight.ts';
import { chunkRenderArgv, concatArgv } from './render-argv.ts';
import { chunkExtension } from '../render/intermediate.ts';

/** `depthswap` as this machine runs it: this Node and this checkout's bin (nodes see it on the shared volume). */
export function localDepthswapArgv(): string[] {
  return [process.execPath, fileURLToPath(new URL('../cli/depthswap.mjs', import.meta.url))];
}

export interface PlanInput {
  engine: FarmEngine;
  project: string;
  clipId: string | null;
  range: FrameRange;
  chunkSize: number;
  format: OutputFormat;
  out: string;
  workDir: string;
  partition: string | null;
  depthswap: string[];
  name?: string;
}

export function planFarmJob(input: PlanInput): FarmJobSpec {
  const ext = chunkExtension(input.format, input.out);
  const project = path.resolve(input.project);
  const out = path.resolve(input.out);
  const workDir = path.resolve(input.workDir);
  const chunks = splitRange(input.range, input.chunkSize).map((r, index) => {
    const segment = path.join(workDir, 'segments', segmentName(r.start, r.end - 1, ext));
    return {
      index,
      start: r.start,
      end: r.end,
      segment,
      log: path.join(workDir, 'logs', `chunk-${index}.log`),
      argv: chunkRenderArgv(input.depthswap, {
        project,
        clipId: input.clipId,
        first: r.start,
        last: r.end - 1,
        segment,
        format: input.format,
      }),
    };
  });
  return parseFarmJobSpec({
    format: FARM_JOB_FORMAT,
    version: FARM_JOB_VERSION,
    name: input.name ?? `depthswap ${path.basename(out)}`,
    engine: input.engine,
    project,
    clipId: input.clipId,
    range: input.range,
    chunkSize: input.chunkSize,
    outputFormat: input.format,
    out,
    workDir,
    partition: input.partition,
    depthswap: input.depthswap,
    chunks,
    concat: {
      argv: concatArgv(input.depthswap, { segments: chunks.map((c) => c.segment), out }),
      log: path.join(workDir, 'logs', 'concat.log'),
    },
  });
}

/** The clip a render of this project uses: `--clip`, else the active clip, else the only one. */
export function pickClip(project: Project, clipId: string | undefined): Project['clips'][number] {
  if (clipId !== undefined) {
    const clip = project.clips.find((c) => c.id === clipId);
    if (!clip)
      throw new Error(
        `no clip '${clipId}' in the project (clips: ${project.clips.map((c) => c.id).join(', ') || 'none'})`,
      );
    return clip;
  }
  const active = project.clips.find((c) => c.id === project.activeClipId) ?? project.clips[0];
  if (!active) throw new Error('the project has no clip to render');
  return active;
}

export interface PrepareInput extends Omit<PlanInput, 'range' | 'clipId' | 'depthswap' | 'format'> {
  /** Default: the project's first render preset's format, as `depthswap render` picks it. */
  format?: OutputFormat;
  clipId?: string;
  /** Inclusive range from --frames; default: the whole clip. */
  range?: FrameRange;
  depthswap?: string[];
  stateDir?: string | null;
}

/** Reads and checks the project, then plans the job. Throws a one-line reason for anything that would fail. */
export async function prepareFarmJob(input: PrepareInput): Promise<FarmJobSpec> {
  const { project } = await readProjectFile(input.project);
  const clip = pickClip(project, input.clipId);
  const refs = await preflightProject(input.project, project, {
    stateDir: input.stateDir ?? null,
    clipId: clip.id,
  });
  const clipPath = resolveProjectPath(input.project, clip.path);
  const frameCount = clip.media?.frameCount ?? (await probe(clipPath)).frameCount;
  const range = clampRange(input.range, frameCount);
  if (input.range && range.end !== input.range.end) {
    throw new Error(`frame range ends after the clip's last frame (${frameCount - 1})`);
  }
  const format = input.format ?? presetFor(project).format;
  await checkOutputPath(input.out, format, {
    inputs: {
      project: path.resolve(input.project),
      ...Object.fromEntries(refs.map((r) => [r.role, r.absolute])),
    },
  });
  return planFarmJob({
    ...input,
    clipId: input.clipId ?? clip.id,
    format,
    range,
    depthswap: input.depthswap ?? localDepthswapArgv(),
  });
}
