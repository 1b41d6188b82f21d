// Paths a studio session may reach through the transport (the frame route, the file manager): a set of
// files compared by real path (symlinks resolved), plus folders whose files are all allowed (the state
// folder's previews and proxies). A token holder can then read frames of the media the open project or
// this running studio imported, never any image or video on disk; and only files the engine wrote are
// shown in the file manager.
//
//   const media = new PathSet([stateDir]);   await media.add(clip.path);   await media.has(requested)
import { realpath } from 'node:fs/promises';
import path from 'node:path';

const real = (p: string) => realpath(p).catch(() => path.resolve(p));

export class PathSet {
  private readonly files = new Set<string>();
  private readonly roots: string[];

  constructor(roots: readonly string[] = []) {
    this.roots = roots.map((r) => path.resolve(r));
  }

  async add(p: string): Promise<void> {
    this.files.add(path.resolve(p));
    this.files.add(await real(p));
  }

  async has(p: string): Promise<boolean> {
    if (p.includes('\0') || !path.isAbsolute(p)) return false;
    const abs = path.resolve(p);
    const r = await real(p);
    if (this.files.has(abs) && this.files.has(r)) return true;
    const realRoots = await Promise.all(this.roots.map(real));
    return realRoots.some((root) => r.startsWith(root + path.sep));
  }

  get size(): number {
    return this.files.size;
  }
}
