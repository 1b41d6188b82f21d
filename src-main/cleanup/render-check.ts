// Before a render with a cleanup starts (no TF.js loaded): the model folder is checked (missing, damaged,
// another kind, inconsistent crop size: errors) and compared with the target clip (another clip: warning).
import { clipIdentity } from '../analysis/clip-identity.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { loadCleanupMeta, type CleanupMeta } from './model-meta.ts';
import type { CleanupSpec } from './apply-frame.ts';

export async function checkCleanupForRender(
  spec: CleanupSpec,
  target: string,
  info: MediaInfo,
  warn: (line: string) => void,
): Promise<CleanupMeta> {
  if (!(spec.strength >= 0 && spec.strength <= 1))
    throw new Error(`cleanup strength ${spec.strength} is not in 0..1`);
  return loadCleanupMeta(spec.dir, { clip: await clipIdentity(target, info), warn });
}
