// A render spec from a .dsproj file on disk (the CLI, the queue, a farm node): reads and validates the
// project (a corrupt or newer one is a clear error), resolves paths the project holds relative to its
// folder, picks the preset (the project's first one, or the one of the asked format) and the range (the
// whole clip by default, its length probed from the media).
import path from 'node:path';
import type { FrameRange } from '../../src-shared/frame-range.ts';
import type { OutputFormat } from '../../src-shared/media.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import { renderSpecFromProject } from '../../src-shared/render/from-project.ts';
import type { RenderPresetSpec, RenderSpec } from '../../src-shared/render/spec.ts';
import { readProjectFile } from '../project/project-file.ts';
import { probe } from '../media/probe.ts';
import { MissingInputError } from './render-engine.ts';
import { existsSync } from 'node:fs';

export interface ProjectFileRenderRequest {
  clipId?: string;
  range?: FrameRange;
  format?: OutputFormat;
  /** Override the preset's audio / timecode. */
  audio?: boolean;
  timecode?: boolean;
  out: string;
  signal?: AbortSignal;
}

function resolvePaths(project: Project, dir: string): Project {
  const abs = (p: string) => (path.isAbsolute(p) ? p : path.resolve(dir, p));
  return {
    ...project,
    clips: project.clips.map((c) => ({ ...c, path: abs(c.path), analysis: c.analysis && abs(c.analysis) })),
    sources: project.sources.map((s) => ({
      ...s,
      path: abs(s.path),
      analysis: s.analysis && abs(s.analysis),
    })),
  };
}

export function presetFor(project: Project, format?: OutputFormat): RenderPresetSpec {
  const preset = format ? project.renderPresets.find((p) => p.format === format) : project.renderPresets[0];
  if (preset) return { format: preset.format, audio: preset.audio, timecode: preset.timecode };
  return { format: format ?? 'prores-hq', audio: true, timecode: true };
}

export async function specFromProjectFile(file: string, req: ProjectFileRenderRequest): Promise<RenderSpec> {
  const projectPath = path.resolve(file);
  const project = resolvePaths((await readProjectFile(projectPath)).project, path.dirname(projectPath));
  const base = presetFor(project, req.format);
  const preset: RenderPresetSpec = {
    ...base,
    ...(req.audio !== undefined ? { audio: req.audio } : {}),
    ...(req.timecode !== undefined ? { timecode: req.timecode } : {}),
  };
  let range = req.range;
  if (!range) {
    const clipId = req.clipId ?? project.activeClipId ?? project.clips[0]?.id;
    const clip = project.clips.find((c) => c.id === clipId);
    if (clip) {
      if (!existsSync(clip.path))
        throw new MissingInputError(`the clip file is missing on this machine: ${clip.path}`);
      const info = await probe(clip.path, req.signal ? { signal: req.signal } : {});
      range = { start: 0, end: info.frameCount };
    }
  }
  return renderSpecFromProject(project, {
    projectPath,
    ...(req.clipId ? { clipId: req.clipId } : {}),
    ...(range ? { range } : {}),
    preset,
    out: path.resolve(req.out),
  });
}
