// Hidden partial files: the one naming rule for a file that is still being written, the registry of
// unfinished ones (removed on every exit path, even a second Ctrl-C or process.exit), and the removal of
// partials that a dead process left beside an output.
//
//   const tmp = temporaryPath('/out/shot.mov');  // '/out/.shot.4242-1a2b3c4d.partial.mov'
//   trackPartial(tmp); ... ; releasePartial(tmp); // while tracked, process exit removes it
//   await removeStalePartials('/out/shot.mov');   // partials of shot.mov whose writer process is gone
//
// Worker threads (studio jobs) report their partials to the main thread over a BroadcastChannel: a worker
// that is terminated runs no exit hook, so the main thread removes what it left (removeWorkerPartials, called
// by the job runner when a worker exits) and, at process exit, every partial of every thread.
import { readdir, rm, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

const PARTIAL = '.partial';

/** A hidden, unique temporary name next to `finalPath`, same folder and extension: `.name.PID-RAND.partial.ext`. */
export function temporaryPath(finalPath: string): string {
  const dir = path.dirname(finalPath);
  const ext = path.extname(finalPath);
  const base = path.basename(finalPath, ext);
  return path.join(dir, `.${base}.${process.pid}-${randomBytes(4).toString('hex')}${PARTIAL}${ext}`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The writer's process id when `name` (a file name) is a partial of `finalPath`, else null. */
export function partialOwner(name: string, finalPath: string): number | null {
  const ext = path.extname(finalPath);
  const base = path.basename(finalPath, ext);
  const m = new RegExp(`^\\.${escape(base)}\\.(\\d+)-[0-9a-f]+${escape(PARTIAL + ext)}$`).exec(name);
  return m ? Number(m[1]) : null;
}

const live = new Set<string>();
/** Main thread only: partials that worker threads reported, by thread id. */
const ofWorkers = new Map<number, Set<string>>();
let hooked = false;
let channel: BroadcastChannel | null = null;

interface PartialNote {
  op: 'add' | 'remove';
  path: string;
  thread: number;
}

function isNote(m: unknown): m is PartialNote {
  return typeof m === 'object' && m !== null && 'op' in m && 'path' in m && 'thread' in m;
}

function removeLiveSync(): void {
  for (const p of live) rmSync(p, { recursive: true, force: true });
  live.clear();
  for (const thread of [...ofWorkers.keys()]) removeWorkerPartials(thread);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeLiveSync);
}

function getChannel(): BroadcastChannel {
  if (!channel) {
    channel = new BroadcastChannel('depthswap-partials');
    channel.unref();
    if (isMainThread) {
      channel.onmessage = (event) => {
        const note = (event as { data?: unknown }).data;
        if (!isNote(note)) return;
        const set = ofWorkers.get(note.thread) ?? new Set<string>();
        if (note.op === 'add') set.add(note.path);
        else set.delete(note.path);
        if (set.size > 0) ofWorkers.set(note.thread, set);
        else ofWorkers.delete(note.thread);
      };
    }
  }
  return channel;
}

/** Main thread: start collecting the partials worker threads report (the job runner calls this first). */
export function watchWorkerPartials(): void {
  if (!isMainThread) return;
  getChannel();
  hook();
}

/** Main thread: removes the partials a worker thread left (it exited or was terminated mid-write). */
export function removeWorkerPartials(thread: number): void {
  for (const p of ofWorkers.get(thread) ?? []) rmSync(p, { recursive: true, force: true });
  ofWorkers.delete(thread);
}

function note(op: PartialNote['op'], p: string): void {
  if (!isMainThread) getChannel().postMessage({ op, path: p, thread: threadId } satisfies PartialNote);
}

/** Registers a partial file (or folder) of this thread: it is removed when the thread or process exits. */
export function trackPartial(p: string): void {
  live.add(p);
  hook();
  note('add', p);
}

/** The partial was renamed to its final name or removed: nothing to clean up any more. */
export function releasePartial(p: string): void {
  live.delete(p);
  note('remove', p);
}

/** Removes a partial now (best effort) and forgets it. */
export async function discardPartial(p: string): Promise<void> {
  await rm(p, { recursive: true, force: true }).catch(() => undefined);
  releasePartial(p);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A partial untouched this long is stale even if its process id is in use again (pid reuse). */
const STALE_MS = 6 * 3600_000;

/**
 * Removes partials of `finalPath` left by a writer that is gone (its process no longer runs, or the file has
 * not changed for 6 hours). Partials of running writers, this process's included, are kept. Returns the
 * names removed.
 */
export async function removeStalePartials(finalPath: string): Promise<string[]> {
  const dir = path.dirname(finalPath);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = partialOwner(name, finalPath);
    if (pid === null) continue;
    const full = path.join(dir, name);
    if (live.has(full)) continue;
    let stale = !processAlive(pid);
    if (!stale) {
      const st = await stat(full).catch(() => null);
      stale = st !== null && pid !== process.pid && Date.now() - st.mtimeMs > STALE_MS;
    }
    if (stale) {
      await rm(full, { recursive: true, force: true }).catch(() => undefined);
      removed.push(name);
    }
  }
  return removed;
}
