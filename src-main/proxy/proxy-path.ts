// Where a clip's scrub proxy lives: in the engine's state folder (never beside the media), named by the
// clip's absolute path, size and modification time, so a replaced clip never gets an old proxy.
import { createHash } from 'node:crypto';
import path from 'node:path';

/** The longest side of a proxy frame (the viewer scrubs at this size; the rested frame is full size). */
export const PROXY_WIDTH = 960;

/** A picture's size reduced to the proxy size (longest side PROXY_WIDTH, even sides; never enlarged). */
export function proxySizeOf(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, PROXY_WIDTH / Math.max(width, height));
  const even = (v: number) => Math.max(2, 2 * Math.round((v * scale) / 2));
  return { width: even(width), height: even(height) };
}

export interface ClipIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

/** `<stateDir>/proxy/<name>-<hash>.proxy.json` (the index; frames beside it) for a clip as it is now. */
export function proxyPathFor(stateDir: string, clip: ClipIdentity): string {
  const abs = path.resolve(clip.path);
  const hash = createHash('sha1')
    .update(`${abs}\u0000${clip.size}\u0000${Math.round(clip.mtimeMs)}`)
    .digest('hex')
    .slice(0, 16);
  const base = path.basename(abs, path.extname(abs)).replace(/[^\w.-]+/g, '_');
  return path.join(stateDir, 'proxy', `${base}-${hash}.proxy.json`);
}
