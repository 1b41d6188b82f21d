// The engine's state folder (recent projects, autosaves of untitled projects, previews, and the analysis
// files shared by `depthswap serve`, the studio and `depthswap swap`), and where a clip's analysis lives
// in it. Not beside the media: source folders are often read-only and output folders are deliverables.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** `$XDG_STATE_HOME/depthswap` (default ~/.local/state/depthswap): the default of every `--state-dir`. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_STATE_HOME'] || path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'depthswap');
}

/** `<stateDir>/analysis/<name>-<hash of the absolute path>.analysis.json` for a clip or image. */
export function analysisPathFor(stateDir: string, clipPath: string): string {
  const hash = createHash('sha1').update(path.resolve(clipPath)).digest('hex').slice(0, 12);
  const base = path.basename(clipPath, path.extname(clipPath)).replace(/[^\w.-]+/g, '_');
  return path.join(stateDir, 'analysis', `${base}-${hash}.analysis.json`);
}
