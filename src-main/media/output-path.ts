// Where an encode may write: checks done before any work starts. The temporary name used until the output
// is complete is util/partial-files.ts temporaryPath (same folder, so the final rename is atomic).
import { access, realpath, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import type { OutputFormat } from '../../src-shared/media.ts';

const EXTENSIONS: Record<OutputFormat, readonly string[]> = {
  'prores-hq': ['.mov'],
  'prores-4444': ['.mov'],
  h264: ['.mp4', '.mov', '.m4v'],
};

export function containerFor(out: string): 'mov' | 'mp4' {
  return path.extname(out).toLowerCase() === '.mov' ? 'mov' : 'mp4';
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Throws a clear error when `out` cannot or must not be written. Returns the absolute output path. */
export async function checkOutputPath(
  out: string,
  format: OutputFormat,
  opts: { inputs?: string[]; overwrite?: boolean } = {},
): Promise<string> {
  const abs = path.resolve(out);
  const ext = path.extname(abs).toLowerCase();
  const allowed = EXTENSIONS[format];
  if (!allowed.includes(ext))
    throw new Error(`${format} output must end in ${allowed.join(' or ')} (got '${path.basename(abs)}')`);
  const dir = path.dirname(abs);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new Error(`output folder does not exist: ${dir}`);
  await access(dir, constants.W_OK).catch(() => {
    throw new Error(`output folder is not writable: ${dir}`);
  });
  for (const input of opts.inputs ?? []) {
    const a = await realpath(input).catch(() => path.resolve(input));
    const b = await realpath(abs).catch(() => abs);
    if (a === b) throw new Error(`output would overwrite the input: ${abs}`);
  }
  if (!opts.overwrite && (await exists(abs))) {
    throw new Error(`output already exists: ${abs} (pass --overwrite to replace it)`);
  }
  return abs;
}
