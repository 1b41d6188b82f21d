// `--cleanup DIR [--cleanup-strength S]` of depthswap swap, parsed (the model itself is checked by the
// engine before the render starts).
import path from 'node:path';
import { UsageError, type CliIo } from '../command.ts';
import type { CleanupSpec } from '../../cleanup/apply-frame.ts';

export function cleanupOption(
  dir: string | undefined,
  strength: string | undefined,
  io: CliIo,
): (CleanupSpec & { onWarning: (line: string) => void }) | null {
  if (dir === undefined) {
    if (strength !== undefined) throw new UsageError('--cleanup-strength needs --cleanup DIR');
    return null;
  }
  const s = strength === undefined ? 1 : Number(strength);
  if (!Number.isFinite(s) || s < 0 || s > 1)
    throw new UsageError(`--cleanup-strength must be a number from 0 to 1 (got ${strength})`);
  return { dir: path.resolve(dir), strength: s, onWarning: (line) => io.stderr.write(line + '\n') };
}
