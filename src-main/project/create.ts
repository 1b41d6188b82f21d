// A new project from a target clip and a source face, as `depthswap project new` and the studio make it.
import path from 'node:path';
import type { MediaInfo } from '../../src-shared/media.ts';
import {
  emptyProject,
  newClipSettings,
  type MediaSummary,
  type Project,
} from '../../src-shared/project/schema.ts';

export function mediaSummary(info: MediaInfo): MediaSummary {
  return {
    width: info.width,
    height: info.height,
    frameRate: { num: info.frameRate.num, den: info.frameRate.den },
    frameCount: info.frameCount,
    startTimecode: info.startTimecode,
    isImage: info.isImage,
  };
}

export function projectFromMedia(target: MediaInfo, source: MediaInfo, name?: string): Project {
  if (target.isImage) throw new Error(`the target must be a video clip: ${target.path} is a still image`);
  if (target.frameCount <= 0) throw new Error(`the target clip has no video frames: ${target.path}`);
  const project = emptyProject(name ?? path.basename(target.path, path.extname(target.path)));
  project.clips.push({
    id: 'clip-1',
    path: path.resolve(target.path),
    analysis: null,
    media: mediaSummary(target),
    ...newClipSettings(),
  });
  project.sources.push({
    id: 'source-1',
    path: path.resolve(source.path),
    kind: source.isImage ? 'image' : 'clip',
    frame: 0,
    analysis: null,
    media: mediaSummary(source),
  });
  project.activeClipId = 'clip-1';
  project.activeSourceId = 'source-1';
  return project;
}
