// A clip's identity for an analysis file: path, byte size, mtime and the probe facts that matter. A clip
// whose identity changed (re-exported, trimmed, replaced) invalidates its analysis.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaInfo } from '../../src-shared/media.ts';
import type { ClipIdentity } from '../../src-shared/analysis/schema.ts';

export async function clipIdentity(file: string, info: MediaInfo): Promise<ClipIdentity> {
  const st = await stat(file);
  return {
    path: path.resolve(file),
    size: st.size,
    mtimeMs: Math.round(st.mtimeMs),
    width: info.width,
    height: info.height,
    frameRate: { num: info.frameRate.num, den: info.frameRate.den },
    frameCount: info.frameCount,
    isImage: info.isImage,
  };
}

/** Same clip? (path is not compared: a moved project keeps its analyses.) */
export function sameClip(a: ClipIdentity, b: ClipIdentity): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.width === b.width &&
    a.height === b.height &&
    a.frameRate.num === b.frameRate.num &&
    a.frameRate.den === b.frameRate.den &&
    a.frameCount === b.frameCount
  );
}
