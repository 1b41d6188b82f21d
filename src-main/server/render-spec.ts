// What a render (export or preview) of one clip of a project is made with: the clip's own swap settings,
// keypoint edits and interpolation (project version 4: nothing is shared between clips), the active source
// face, and the range. A frame is rendered only from what belongs to its clip.
import type { OutputFormat } from '../../src-shared/media.ts';
import type { Project } from '../../src-shared/project/schema.ts';
import { findTrack } from '../../src-shared/project/keyframes.ts';
import type { RenderJobSpec } from './job-messages.ts';

export interface RenderRequest {
  clipId: string;
  kind: 'render' | 'preview';
  start: number;
  end: number;
  out: string;
  format: OutputFormat;
  overwrite: boolean;
  audio: boolean;
  timecode: boolean;
}

export function renderSpec(
  project: Project,
  req: RenderRequest,
  where: { modelDir: string; stateDir: string },
): RenderJobSpec {
  const clip = project.clips.find((c) => c.id === req.clipId);
  if (!clip) throw new Error(`the project has no clip '${req.clipId}'`);
  const source = project.sources.find((s) => s.id === project.activeSourceId) ?? project.sources[0];
  if (!source) throw new Error('the project has no source face: import one first');
  if (req.end <= req.start) throw new Error(`the frame range ${req.start}-${req.end - 1} is empty`);
  return {
    kind: req.kind,
    target: clip.path,
    source: source.path,
    sourceFrame: source.frame,
    out: req.out,
    format: req.format,
    start: req.start,
    end: req.end,
    audio: req.audio,
    timecode: req.timecode,
    swap: clip.swap,
    analysisPath: clip.analysis,
    keyframes: findTrack(project.tracks, clip.id, 0)?.keyframes ?? [],
    interpolation: clip.interpolation,
    modelDir: where.modelDir,
    overwrite: req.overwrite,
    stateDir: where.stateDir,
  };
}
