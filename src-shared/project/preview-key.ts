// THE key of a swap preview: everything a one-frame render of a clip depends on. A preview is shown only
// while its key matches, so it never outlives a change of settings, edits, source or analysis. The
// analysis is named by its content's version (the engine's hash of the file, `analysis.frames` answers
// it), not only by its path: a re-analysis writes the same path with new keypoints.
import { findTrack } from './keyframes.ts';
import type { Project } from './schema.ts';

export function previewKey(
  project: Project,
  clipId: string,
  frame: number,
  analysisVersion: string | null,
): string {
  const clip = project.clips.find((c) => c.id === clipId);
  return JSON.stringify([
    clip?.path ?? clipId,
    clip?.analysis ?? null,
    clip?.analysis ? analysisVersion : null,
    frame,
    project.activeSourceId,
    project.sources.map((s) => [s.id, s.path, s.frame]),
    clip?.swap ?? null,
    clip?.interpolation ?? null,
    findTrack(project.tracks, clipId, 0)?.keyframes ?? [],
  ]);
}
