// A render spec from a project as the studio holds it: the clip (the active one unless named), the active
// source face, the clip's analysis and the keypoint edits of its primary face, the swap settings, a range
// (the in/out marks when asked, else the whole clip) and a preset.
import type { Project } from '../project/schema.ts';
import { findTrack } from '../project/keyframes.ts';
import type { FrameRange } from '../frame-range.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION, parseRenderSpec, RenderSpecError } from './spec.ts';
import type { RenderPresetSpec, RenderSpec } from './spec.ts';

export interface ProjectRenderRequest {
  /** The project file (null for an unsaved project). */
  projectPath: string | null;
  clipId?: string;
  /** Default: the whole clip (its frame count as the project recorded it). */
  range?: FrameRange;
  preset: RenderPresetSpec;
  out: string;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

export function renderSpecFromProject(project: Project, req: ProjectRenderRequest): RenderSpec {
  const clipId = req.clipId ?? project.activeClipId ?? project.clips[0]?.id;
  if (!clipId) throw new RenderSpecError('the project has no clip: import one first');
  const clip = project.clips.find((c) => c.id === clipId);
  if (!clip) {
    const ids = project.clips.map((c) => c.id).join(', ');
    throw new RenderSpecError(`the project has no clip '${clipId}' (its clips: ${ids || 'none'})`);
  }
  const source = project.sources.find((s) => s.id === project.activeSourceId) ?? project.sources[0];
  if (!source) throw new RenderSpecError('the project has no source face: import one first');
  let range = req.range;
  if (!range) {
    const count = clip.media?.frameCount;
    if (!count)
      throw new RenderSpecError(`the project does not know the length of clip '${clipId}': pass a range`);
    range = { start: 0, end: count };
  }
  if (range.end <= range.start)
    throw new RenderSpecError(`the frame range ${range.start}-${range.end - 1} is empty`);
  const face = 0;
  return parseRenderSpec({
    format: RENDER_SPEC_FORMAT,
    version: RENDER_SPEC_VERSION,
    name: `${project.name || 'untitled'} / ${baseName(clip.path)}`,
    project: req.projectPath,
    clipId: clip.id,
    target: clip.path,
    source: { path: source.path, frame: source.frame },
    analysis: clip.analysis,
    face,
    keyframes: findTrack(project.tracks, clip.id, face)?.keyframes ?? [],
    interpolation: project.interpolation,
    range,
    preset: req.preset,
    out: req.out,
    swap: project.swap,
  } satisfies RenderSpec);
}
