// A lock beside a file for a short read-modify-write (merging an analysis that several renders or studio
// jobs extend at once). The lock is a hidden file created exclusively (`.name.lock`, holding the owner's
// pid); a lock whose owner process is gone, or older than STALE_MS, is taken over.
//
//   await withFileLock('/state/analysis/a.analysis.json', async () => { read; merge; writeFileAtomic(...) });
import { open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { discardPartial, trackPartial } from './partial-files.ts';

const STALE_MS = 120_000;
const WAIT_MS = 60_000;

export function lockPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lock: string): Promise<boolean> {
  const [text, st] = await Promise.all([
    readFile(lock, 'utf8').catch(() => ''),
    stat(lock).catch(() => null),
  ]);
  if (!st) return false;
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
  return Date.now() - st.mtimeMs > STALE_MS;
}

/** Runs `fn` while holding the lock of `file`; waits (up to a minute) for another holder to finish. */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = lockPathFor(file);
  const started = Date.now();
  let delay = 5;
  for (;;) {
    const handle = await open(lock, 'wx').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return null;
      throw err;
    });
    if (handle) {
      trackPartial(lock);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    }
    if (await isStale(lock)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      throw new Error(`${file} is locked by another process for over a minute (remove ${lock} if none runs)`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await fn();
  } finally {
    await discardPartial(lock);
  }
}
