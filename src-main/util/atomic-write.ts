// Writes a file so that it appears under its final name only when complete: a hidden unique partial in the
// same folder (partial-files.ts naming), fsync, rename, fsync of the folder. A crash leaves either the old
// file or the new one, never a half-written one; a failure or any exit of the process removes the partial.
// Every file the engine writes goes through here (media encodes stream into the same kind of partial, see
// media/frame-writer.ts). Whether a path may be written at all is decided by util/write-guard.ts first.
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { diskFullError } from './user-message.ts';
import {
  discardPartial,
  releasePartial,
  removeStalePartials,
  temporaryPath,
  trackPartial,
} from './partial-files.ts';

async function syncFolder(dir: string): Promise<void> {
  // Makes the rename itself durable; not every platform can open a folder, so best effort.
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await removeStalePartials(target);
  const tmp = temporaryPath(target);
  trackPartial(tmp);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
    releasePartial(tmp);
  } catch (err) {
    await discardPartial(tmp);
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      throw await diskFullError(path.dirname(target), `writing ${path.basename(target)}`, bytes);
    }
    throw err;
  }
  await syncFolder(path.dirname(target));
}
