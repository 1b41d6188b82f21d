// The short content tag in the names of the studio's cached renders and results (previews, contact
// sheets, source checks): the same inputs give the same file, any change a new one.
import { createHash } from 'node:crypto';
import type { Project } from '../../src-shared/project/schema.ts';

/** 12 hex digits of the SHA-1 of the parts as JSON. */
export function tagOf(parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}

/**
 * The tag of a render of one clip's frames: everything that changes its picture (the clip, its analysis
 * version, keypoint edits and their interpolation, swap settings, the source) and the frames asked for.
 */
export function clipRenderTag(
  project: Project,
  clipId: string,
  analysisVersion: string | null,
  frames: unknown[],
): string {
  const clip = project.clips.find((c) => c.id === clipId);
  return tagOf([
    clip?.path,
    analysisVersion,
    ...frames,
    clip?.swap,
    project.activeSourceId,
    project.tracks,
    clip?.interpolation,
  ]);
}
