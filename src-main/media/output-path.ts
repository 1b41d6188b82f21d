// Where an encode may write: checks done before any work starts. The temporary name used until the output
// is complete is util/partial-files.ts temporaryPath (same folder, so the final rename is atomic).
import path from 'node:path';
import type { OutputFormat } from '../../src-shared/media.ts';
import { checkWrite, type WritePlan } from '../util/write-guard.ts';

const EXTENSIONS: Record<OutputFormat, readonly string[]> = {
  'prores-hq': ['.mov'],
  'prores-4444': ['.mov'],
  h264: ['.mp4', '.mov', '.m4v'],
};

/** A chunk's lossless intermediate (render/intermediate.ts): FFV1 in Matroska. */
export const INTERMEDIATE_EXTENSION = '.mkv';

export function containerFor(out: string): 'mov' | 'mp4' {
  return path.extname(out).toLowerCase() === '.mov' ? 'mov' : 'mp4';
}

/**
 * Throws a clear error when `out` cannot or must not be written (extension for the format, then the write
 * guard: never an input, never another kind of file, an existing clip only with overwrite). Returns the
 * absolute output path.
 */
export async function checkOutputPath(
  out: string,
  format: OutputFormat,
  opts: {
    inputs?: WritePlan['inputs'];
    overwrite?: boolean;
    label?: string;
    /** The file is a lossless intermediate of a `format` job (a chunk), not the delivery file. */
    intermediate?: boolean;
  } = {},
): Promise<string> {
  const abs = path.resolve(out);
  const ext = path.extname(abs).toLowerCase();
  const allowed = opts.intermediate ? [INTERMEDIATE_EXTENSION] : EXTENSIONS[format];
  const what = opts.intermediate ? 'a lossless intermediate' : `${format} output`;
  if (!allowed.includes(ext))
    throw new Error(`${what} must end in ${allowed.join(' or ')} (got '${path.basename(abs)}')`);
  return checkWrite(abs, {
    kind: 'media',
    ...(opts.inputs ? { inputs: opts.inputs } : {}),
    overwrite: opts.overwrite ?? false,
    label: opts.label ?? 'output',
  });
}
